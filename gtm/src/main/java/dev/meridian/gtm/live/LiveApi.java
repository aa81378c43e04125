package dev.meridian.gtm.live;

import dev.meridian.core.net.Cidr;
import dev.meridian.gtm.load.PopLoad;
import dev.meridian.gtm.map.BlockDecision;
import dev.meridian.gtm.map.MapAnswer;
import dev.meridian.gtm.map.PopScore;
import dev.meridian.gtm.policy.PersistenceJson;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.probe.AddressHealth;
import dev.meridian.gtm.probe.Hysteresis;
import dev.meridian.gtm.probe.Transition;
import dev.meridian.probe.load.LoadReport;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.wire.LoadReportJson;
import dev.meridian.probe.wire.ResultJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The probes' part of the GTM admin listener, every call behind an operator token:
 * <ul>
 *   <li>{@code GET /v1/map/address?ip=} an address's block, the POP it maps to and why, every POP's standing;</li>
 *   <li>{@code GET /v1/map/block?cidr=} a block's decision with each POP's score, recent and average RTT and
 *       loss, last measured time; {@code GET /v1/map} every measured block;</li>
 *   <li>{@code GET /v1/health} every probed address with each vantage point's view and recent transitions;</li>
 *   <li>{@code GET /v1/load} every POP's load; {@code POST /v1/load} an edge's load report;</li>
 *   <li>{@code POST /v1/probes/results} and {@code POST /v1/latency/measurements}: results from other
 *       vantage points (the POPs' edges) and GTM servers; probe results about addresses this server
 *       does not probe are ignored (counted in the answer), so a sender cannot grow the health board.</li>
 * </ul>
 * Anything emulated says so ({@code "emulation": true} at the top, {@code "emulated"} per figure).
 */
public final class LiveApi {
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_PARTS = 1024;
    private static final int MAX_LISTED = 1000;

    private final LiveNetwork live;
    private final UnaryOperator<HttpHandler> operatorOnly;

    public LiveApi(LiveNetwork live, UnaryOperator<HttpHandler> operatorOnly) {
        this.live = live;
        this.operatorOnly = operatorOnly;
    }

    public void addRoutes(RoutingHandler routes) {
        routes.get("/v1/map/address", operatorOnly.apply(this::address))
                .get("/v1/map/block", operatorOnly.apply(this::block))
                .get("/v1/map", operatorOnly.apply(this::allBlocks))
                .get("/v1/health", operatorOnly.apply(this::health))
                .get("/v1/load", operatorOnly.apply(this::loads))
                .add(Methods.POST, "/v1/load", operatorOnly.apply(body(this::acceptLoad)))
                .add(Methods.POST, "/v1/probes/results", operatorOnly.apply(body(bytes -> {
                    List<ProbeResult> results = ResultJson.readProbes(bytes);
                    List<ProbeResult> known = results.stream().filter(r -> live.health().knows(r.address())).toList();
                    known.forEach(live.health()::accept);
                    return Map.of("accepted", known.size(), "ignored", results.size() - known.size());
                })))
                .add(Methods.POST, "/v1/latency/measurements", operatorOnly.apply(body(bytes -> {
                    var results = ResultJson.readMeasurements(bytes);
                    live.table().accept(results);
                    return Map.of("accepted", results.size());
                })))
                .get("/v1/persistence", operatorOnly.apply(this::persisted))
                .add(Methods.POST, "/v1/persistence", operatorOnly.apply(body(bytes -> {
                    var decided = PersistenceJson.read(bytes);
                    return Map.of("accepted", decided.size(), "keptOurs", live.mergePersistence(decided));
                })));
    }

    /** One share of the persisted answers ({@code ?part=&parts=}), for a peer starting up. */
    private void persisted(HttpServerExchange exchange) {
        List<PersistenceTable.Decided> share;
        try {
            int part = Integer.parseInt(String.valueOf(query(exchange, "part")));
            int parts = Integer.parseInt(String.valueOf(query(exchange, "parts")));
            if (parts > MAX_PARTS) {
                throw new IllegalArgumentException("at most " + MAX_PARTS + " parts");
            }
            share = live.persistedPart(part, parts);
        } catch (IllegalArgumentException e) {
            // Also a number that does not parse (NumberFormatException).
            send(exchange, 400, Map.of("error", "give ?part= and ?parts= with 0 <= part < parts <= " + MAX_PARTS
                    + " (" + e.getMessage() + ")"));
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(PersistenceJson.write(share)));
    }

    private void address(HttpServerExchange exchange) {
        String ip = query(exchange, "ip");
        if (ip == null || !dev.meridian.core.config.IpAddresses.isLiteral(ip)) {
            send(exchange, 400, Map.of("error", "give ?ip= an IPv4 or IPv6 address"));
            return;
        }
        InetAddress address = dev.meridian.core.config.IpAddresses.parse(ip);
        MapAnswer answer = live.map().lookup(address);
        Map<String, Object> out = top();
        out.put("address", address.getHostAddress());
        out.put("block", answer.block().toString());
        out.put("pop", answer.pop());
        out.put("reason", answer.reason().name().toLowerCase());
        out.put("scores", scores(answer.scores()));
        send(exchange, 200, out);
    }

    private void block(HttpServerExchange exchange) {
        String text = query(exchange, "cidr");
        Cidr cidr;
        try {
            cidr = Cidr.parse(text == null ? "" : text);
        } catch (RuntimeException e) {
            send(exchange, 400, Map.of("error", "give ?cidr= a block such as 10.1.0.0/16"));
            return;
        }
        var decision = live.map().block(cidr);
        if (decision.isEmpty()) {
            send(exchange, 404, Map.of("error", "no decision for exactly " + cidr
                    + "; ask /v1/map/address?ip= for the block an address falls in"));
            return;
        }
        Map<String, Object> out = top();
        out.putAll(decision(decision.get()));
        send(exchange, 200, out);
    }

    private void allBlocks(HttpServerExchange exchange) {
        List<BlockDecision> all = live.map().decisions();
        Map<String, Object> out = top();
        out.put("count", all.size());
        out.put("blocks", all.stream().limit(MAX_LISTED).map(this::decision).toList());
        send(exchange, 200, out);
    }

    private void health(HttpServerExchange exchange) {
        Map<String, Object> out = top();
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (AddressHealth h : live.health().all()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("address", h.address());
            a.put("status", h.up() ? "up" : "down");
            a.put("probed", h.probed());
            a.put("since", h.since().toString());
            Map<String, Object> vantages = new LinkedHashMap<>();
            h.vantages().forEach((name, v) -> vantages.put(name, vantage(v)));
            a.put("vantages", vantages);
            a.put("transitions", h.transitions().stream().map(LiveApi::transition).toList());
            addresses.add(a);
        }
        out.put("addresses", addresses);
        send(exchange, 200, out);
    }

    private void loads(HttpServerExchange exchange) {
        Map<String, Object> out = top();
        out.put("overloadThreshold", live.load().overloadThreshold());
        List<Map<String, Object>> pops = new ArrayList<>();
        for (String pop : live.popAddresses().keySet()) {
            PopLoad l = live.load().load(pop);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("pop", pop);
            p.put("loadFigure", l.figure());
            p.put("known", l.known());
            p.put("overloaded", l.overloaded());
            if (l.report() != null) {
                p.put("reportedAt", l.report().at().toString());
                p.put("inFlight", l.report().inFlight());
                p.put("requestRate", l.report().requestRate());
                p.put("cpu", l.report().cpu());
            }
            pops.add(p);
        }
        out.put("pops", pops);
        send(exchange, 200, out);
    }

    private Map<String, Object> acceptLoad(byte[] body) {
        LoadReport report = LoadReportJson.read(body);
        if (!live.acceptLoad(report)) {
            throw new IllegalArgumentException("no POP '" + report.pop() + "' in the config");
        }
        return Map.of("accepted", 1);
    }

    /** Reads the whole body (bounded) off the I/O thread's callback; bad input is a 400 that says why. */
    private static HttpHandler body(Function<byte[], Object> handle) {
        return exchange -> {
            exchange.setMaxEntitySize(MAX_BODY);
            exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
                try {
                    send(ex, 200, handle.apply(bytes));
                } catch (IllegalArgumentException e) {
                    send(ex, 400, Map.of("error", e.getMessage()));
                }
            }, (ex, error) -> send(ex, 400, Map.of("error", "could not read the body: " + error.getMessage())));
        };
    }

    private Map<String, Object> top() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("emulation", live.isEmulated());
        out.put("at", live.clock().instant().toString());
        return out;
    }

    private Map<String, Object> decision(BlockDecision d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("block", d.block().toString());
        out.put("pop", d.pop());
        out.put("reason", d.reason().name().toLowerCase());
        out.put("members", d.members());
        out.put("scores", scores(d.scores()));
        return out;
    }

    private static List<Map<String, Object>> scores(List<PopScore> scores) {
        return scores.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pop", s.pop());
            m.put("score", finite(s.score()));
            m.put("recentRttMs", finite(s.recentRttMs()));
            m.put("averageRttMs", finite(s.averageRttMs()));
            m.put("averageLoss", finite(s.averageLoss()));
            m.put("lastMeasured", s.lastMeasured() == null ? null : s.lastMeasured().toString());
            m.put("emulated", s.emulated());
            m.put("estimated", s.estimated());
            return m;
        }).toList();
    }

    private static Map<String, Object> vantage(Hysteresis v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", v.verdict().name().toLowerCase());
        m.put("successes", v.successes());
        m.put("failures", v.failures());
        m.put("results", v.results());
        m.put("failed", v.failed());
        if (v.last() != null) {
            m.put("lastAt", v.last().at().toString());
            m.put("lastMetric", v.last().metric());
            m.put("lastError", v.last().error() == null ? null : v.last().error().name().toLowerCase());
        }
        return m;
    }

    private static Map<String, Object> transition(Transition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", t.at().toString());
        m.put("to", t.up() ? "up" : "down");
        m.put("cause", t.cause());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static void send(HttpServerExchange exchange, int status, Object body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(ResultJson.write(body)));
    }
}
