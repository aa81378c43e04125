package dev.meridian.console.purge;

import dev.meridian.console.node.NodeTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.uplink.purge.PurgeFeed;
import dev.meridian.uplink.purge.PurgeProtocol;
import dev.meridian.uplink.purge.PurgeScope;
import dev.meridian.uplink.purge.PurgeSpec;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The purge API. {@code POST /v1/purge} (a customer's or an operator's bearer token, or a portal session
 * with its CSRF token in {@code X-CSRF-Token}): 200 when every POP acknowledged within {@code ackWait},
 * else 202 with the POPs still pending and {@code Location} of the status; 400 malformed, 401 no or bad
 * credentials, 403 another customer's content, 404 a host nobody serves, 429 with {@code Retry-After}
 * over the customer's rate. {@code GET /v1/purge/<seq>}: a purge's state, each POP's ack and latency.
 * {@code GET /v1/purges?after=N&limit=M}: the nodes' feed (node token), see {@code uplink.purge}.
 * Everything that touches the database runs on a worker thread.
 */
final class PurgeApi {
    private static final Logger log = LoggerFactory.getLogger(PurgeApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY = 64 * 1024;
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final ConfigHolder config;
    private final GlobalPurge purges;
    private final PurgeStore store;

    PurgeApi(ConfigHolder config, GlobalPurge purges, PurgeStore store) {
        this.config = config;
        this.purges = purges;
        this.store = store;
    }

    HttpHandler post() {
        return ex -> {
            Optional<Caller> caller = caller(ex);
            if (caller.isEmpty()) {
                return;
            }
            if (ex.getRequestContentLength() > MAX_BODY) {
                error(ex, 413, "purge requests are at most " + MAX_BODY + " bytes");
                return;
            }
            ex.getRequestReceiver().receiveFullBytes(
                    (e, body) -> e.dispatch(() -> accept(e, caller.get(), body)),
                    (e, failure) -> error(e, 400, "could not read the request body"));
        };
    }

    private void accept(HttpServerExchange ex, Caller caller, byte[] body) {
        if (body.length > MAX_BODY) {
            error(ex, 413, "purge requests are at most " + MAX_BODY + " bytes");
            return;
        }
        GlobalPurge.Started started;
        try {
            started = purges.start(caller, PurgeSpec.parse(body));
        } catch (PurgeSpec.Malformed e) {
            error(ex, 400, e.getMessage());
            return;
        } catch (PurgeScope.Refused e) {
            error(ex, e.status(), e.getMessage());
            return;
        } catch (GlobalPurge.RateLimited e) {
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
            error(ex, 429, e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("purge by {} failed", caller.name(), e);
            error(ex, 503, "the purge could not be recorded; nothing was sent");
            return;
        }
        // The exchange stays open past this worker's return: it is answered when the POPs are (or the wait ends).
        started.settled(purges.ackWait()).whenComplete((state, failure) -> {
            PurgeRecord shown = failure == null ? state : started.snapshot();
            if (!shown.complete()) {
                ex.getResponseHeaders().put(Headers.LOCATION, statusPath(shown.seq()));
            }
            send(ex, shown.complete() ? 200 : 202, toJson(shown));
        });
    }

    HttpHandler status() {
        return ex -> {
            Optional<Caller> caller = caller(ex);
            if (caller.isEmpty()) {
                return;
            }
            long seq;
            try {
                seq = Long.parseLong(ex.getQueryParameters().get("seq").getFirst());
            } catch (NumberFormatException e) {
                error(ex, 404, "no such purge");
                return;
            }
            ex.dispatch(() -> {
                try {
                    store.find(seq, caller.get().customer()).ifPresentOrElse(
                            p -> send(ex, 200, toJson(p)),
                            () -> error(ex, 404, "no such purge"));
                } catch (RuntimeException e) {
                    log.error("reading purge {} failed", seq, e);
                    error(ex, 503, "the console's database is not answering");
                }
            });
        };
    }

    HttpHandler feed() {
        return ex -> {
            String token = BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION)).orElse(null);
            boolean node = token != null && NodeTokens.ofToken(config.get(), token)
                    .filter(n -> n.role() == ConsoleNodeConfig.NodeRole.EDGE).isPresent();
            if (!node) {
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                error(ex, 401, "an edge's node token is required");
                return;
            }
            long after;
            int limit;
            try {
                after = Long.parseLong(param(ex, "after", "0"));
                limit = Integer.parseInt(param(ex, "limit", Integer.toString(PurgeProtocol.MAX_PAGE)));
            } catch (NumberFormatException e) {
                error(ex, 400, "after and limit must be numbers");
                return;
            }
            if (after < 0 || limit < 0) {
                error(ex, 400, "after and limit must not be negative");
                return;
            }
            int page = Math.min(limit, PurgeProtocol.MAX_PAGE);
            ex.dispatch(() -> {
                try {
                    PurgeFeed feed = store.feed(after, page);
                    send(ex, 200, JSON.valueToTree(feed));
                } catch (RuntimeException e) {
                    log.error("reading the purge feed failed", e);
                    error(ex, 503, "the console's database is not answering");
                }
            });
        };
    }

    /** The caller, or empty after answering 401. */
    private Optional<Caller> caller(HttpServerExchange ex) {
        Viewer viewer = ex.getAttachment(Viewer.KEY);
        Optional<String> token = BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token.isPresent()) {
            Optional<Caller> caller = Caller.ofToken(config.get(), token.get());
            if (caller.isEmpty()) {
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                error(ex, 401, "unknown token");
            }
            return caller;
        }
        // A session's cookie rides along on any request, so a session may change state only with its CSRF token.
        boolean safe = Methods.GET.equals(ex.getRequestMethod());
        if (viewer != null && (safe || viewer.csrfToken().equals(ex.getRequestHeaders().getFirst(CSRF_HEADER)))) {
            return Optional.of(Caller.ofViewer(viewer));
        }
        ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        error(ex, 401, "an Authorization: Bearer token (the customer's or an operator's) or a portal session is required");
        return Optional.empty();
    }

    private static String param(HttpServerExchange ex, String name, String otherwise) {
        Deque<String> v = ex.getQueryParameters().get(name);
        return v == null || v.isEmpty() ? otherwise : v.getFirst();
    }

    static String statusPath(long seq) {
        return "/v1/purge/" + seq;
    }

    /** A purge as the API shows it. */
    static ObjectNode toJson(PurgeRecord p) {
        ObjectNode out = JSON.createObjectNode();
        out.put("seq", p.seq());
        out.put(p.spec().kind().field(), p.spec().target());
        out.put("soft", p.spec().soft());
        if (p.customer() != null) {
            out.put("customer", p.customer());
        }
        out.put("requestedBy", p.requestedBy());
        out.put("requestedAt", p.requestedAt().toString());
        out.put("complete", p.complete());
        ArrayNode pending = out.putArray("pending");
        p.pending().forEach(pending::add);
        ArrayNode pops = out.putArray("pops");
        for (PurgeRecord.PopAck a : p.pops()) {
            ObjectNode pop = pops.addObject().put("pop", a.pop()).put("acked", a.acked());
            if (a.latencyMs() != null) {
                pop.put("latencyMs", Math.round(a.latencyMs() * 100) / 100.0);
            }
            if (a.error() != null) {
                pop.put("error", a.error());
            }
        }
        out.put("status", statusPath(p.seq()));
        return out;
    }

    private static void error(HttpServerExchange ex, int status, String reason) {
        send(ex, status, JSON.createObjectNode().put("error", reason));
    }

    private static void send(HttpServerExchange ex, int status, JsonNode body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(body.toString() + "\n", StandardCharsets.UTF_8);
    }
}
