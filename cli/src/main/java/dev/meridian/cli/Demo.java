package dev.meridian.cli;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.EmulatedLinkConfig;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.gtm.GtmServer;
import dev.meridian.originstub.OriginStub;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo network: an origin stub wherever the config puts a property's origin on loopback, every
 * POP's edge, and the GTM. The edges run in this process, or each in its own child process so that
 * one POP can be stopped for real ({@code kill <pid>}) and the GTM seen to steer around it. Stops
 * everything it started, newest first (child edges by their PID), when closed or when a part fails
 * to start.
 */
public final class Demo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Demo.class);

    private final MeridianConfig config;
    private final Map<String, OriginStub> origins;
    private final Map<String, EdgeServer> edges;
    private final Map<String, EdgeProcess> edgeProcesses;
    /** The config file child edges run from; null for the embedded demo config. */
    private final Path configFile;
    private final GtmServer gtm;
    private final List<AutoCloseable> started;

    private Demo(MeridianConfig config, Map<String, OriginStub> origins, Map<String, EdgeServer> edges,
                 Map<String, EdgeProcess> edgeProcesses, Path configFile, GtmServer gtm, List<AutoCloseable> started) {
        this.config = config;
        this.origins = origins;
        this.edges = edges;
        this.edgeProcesses = edgeProcesses;
        this.configFile = configFile;
        this.gtm = gtm;
        this.started = started;
    }

    /** A part of the demo could not start; the message says which and what to do. */
    public static final class StartFailure extends RuntimeException {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Demo start(MeridianConfig config) {
        return start(new ConfigHolder(config));
    }

    /** Starts on a holder the caller may reload; every part follows its reloads. Edges run in this process. */
    public static Demo start(ConfigHolder holder) {
        return start(holder, null);
    }

    /**
     * Starts with every POP's edge in its own child process, run from {@code configFile} (null: the
     * embedded demo config) with its output in {@code logDir}. The config must give the edges fixed ports.
     */
    public static Demo startWithEdgeProcesses(ConfigHolder holder, Path configFile, Path logDir) {
        return start(holder, new EdgeProcesses(configFile, logDir));
    }

    private record EdgeProcesses(Path configFile, Path logDir) {}

    /** JVM start and the imaging libraries take a few seconds on a busy machine. */
    private static final Duration EDGE_PROCESS_START = Duration.ofSeconds(60);

    private static Demo start(ConfigHolder holder, EdgeProcesses processes) {
        MeridianConfig config = holder.get();
        List<AutoCloseable> started = new ArrayList<>();
        Map<String, OriginStub> origins = new LinkedHashMap<>();
        Map<String, EdgeServer> edges = new LinkedHashMap<>();
        Map<String, EdgeProcess> children = new LinkedHashMap<>();
        try {
            for (PropertyConfig property : properties(config)) {
                for (OriginConfig origin : property.origins()) {
                    URI url = origin.uri();
                    String address = url.getHost() + ":" + url.getPort();
                    if (isLoopback(url.getHost()) && !origins.containsKey(address)) {
                        OriginStub stub = startPart("origin stub for " + origin.host(), address,
                                () -> OriginStub.start(url.getHost(), url.getPort(), property.host()));
                        started.add(stub);
                        origins.put(address, stub);
                    }
                }
            }
            if (processes == null) {
                for (PopConfig pop : config.pops()) {
                    EdgeServer edge = startPart("POP " + pop.id(), pop.edge().http() + " / " + pop.edge().admin(),
                            () -> EdgeServer.start(holder, pop.id()));
                    started.add(edge);
                    edges.put(pop.id(), edge);
                }
            } else {
                startEdgeProcesses(config, processes, started, children);
            }
            // The GTM (authoritative DNS for the CDN hostnames) starts after the POPs it answers with.
            GtmServer gtm = null;
            if (config.dns() != null) {
                gtm = startPart("GTM", config.dns().listen().toString(), () -> startGtm(holder));
                started.add(gtm);
            }
            return new Demo(config, Collections.unmodifiableMap(origins), Collections.unmodifiableMap(edges),
                    Collections.unmodifiableMap(children), processes == null ? null : processes.configFile(), gtm, started);
        } catch (RuntimeException e) {
            Shutdown.closeAll(started);
            throw e;
        }
    }

    /** Launches every POP's edge process, then waits for all of them: they start side by side. */
    private static void startEdgeProcesses(MeridianConfig config, EdgeProcesses processes, List<AutoCloseable> started,
                                           Map<String, EdgeProcess> children) {
        for (PopConfig pop : config.pops()) {
            if (pop.edge().http().port() == 0 || pop.edge().admin().port() == 0) {
                throw new StartFailure("POP " + pop.id() + ": an edge in its own process needs fixed ports in the config"
                        + " (it has " + pop.edge().http() + " / " + pop.edge().admin() + "); or run the demo in one process"
                        + " (--one-process)", null);
            }
            try {
                EdgeProcess child = EdgeProcess.start(pop.id(), pop.edge().admin(), processes.configFile(),
                        processes.logDir());
                started.add(child);
                children.put(pop.id(), child);
            } catch (IOException e) {
                throw new StartFailure("POP " + pop.id() + ": cannot start its edge process: " + e.getMessage(), e);
            }
        }
        for (EdgeProcess child : children.values()) {
            child.awaitReady(EDGE_PROCESS_START);
        }
    }

    private static GtmServer startGtm(ConfigHolder holder) {
        try {
            return GtmServer.start(holder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T startPart(String what, String address, Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            String cause = Failures.rootMessage(e);
            // "Cannot/Can't assign requested address": the address is not on this machine (macOS has only 127.0.0.1).
            String hint = cause.contains("assign requested address")
                    ? " (this machine has no such address; on macOS add the loopback aliases first:"
                    + " sudo ifconfig lo0 alias 127.0.0.11 up, and .12, .13)"
                    : " (is another process using the port?)";
            throw new StartFailure(what + ": cannot listen on " + address + ": " + cause + hint, e);
        }
    }

    private static List<PropertyConfig> properties(MeridianConfig config) {
        return config.customers().stream().flatMap(c -> c.properties().stream()).toList();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Edges running in this process (none when they run as child processes). */
    public Map<String, EdgeServer> edges() {
        return edges;
    }

    /** Edges running as child processes, by POP id. */
    public Map<String, EdgeProcess> edgeProcesses() {
        return edgeProcesses;
    }

    /** The GTM, or null when the config has no dns section. */
    public GtmServer gtm() {
        return gtm;
    }

    /** Origin stubs by the host:port the config names for them. */
    public Map<String, OriginStub> origins() {
        return origins;
    }

    /**
     * Passes a hangup on to every child edge, which reloads the config file it runs from: the demo's
     * SIGHUP reloads the whole demo, not only the parts in this process. A child that cannot be
     * signalled is reported and the others still are.
     */
    public void forwardHangup() {
        for (EdgeProcess child : edgeProcesses.values()) {
            try {
                if (child.hangup()) {
                    log.info("SIGHUP passed on to POP {}'s edge (pid {})", child.pop(), child.pid());
                } else {
                    log.warn("POP {}'s edge (pid {}) did not get the SIGHUP: it has exited or kill failed", child.pop(),
                            child.pid());
                }
            } catch (IOException e) {
                log.warn("POP {}'s edge (pid {}) did not get the SIGHUP: {}", child.pop(), child.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What is running and what to try, for a person at a terminal. */
    public void printGuide(PrintStream out) {
        printGuide(out, System.getenv());
    }

    /** As above, {@code env} being the environment the config was loaded in (tokens from it are not echoed). */
    void printGuide(PrintStream out, Map<String, String> env) {
        out.println();
        out.println("Meridian demo is running (Ctrl-C stops it).");
        origins.forEach((address, stub) -> out.println("  origin stub  " + stub.baseUrl()));
        edges.forEach((id, edge) -> out.printf("  POP %-8s http://%s   admin http://%s/metrics%n", id,
                hostPort(edge.httpAddress()), hostPort(edge.adminAddress())));
        edgeProcesses.forEach((id, child) -> {
            PopConfig pop = config.pop(id).orElseThrow();
            out.printf("  POP %-8s http://%s   admin http://%s/metrics   pid %d   log %s%n", id, pop.edge().http(),
                    pop.edge().admin(), child.pid(), child.log());
        });
        if (gtm != null) {
            out.println(GtmCommand.describe(gtm, config));
            printStopAPop(out);
            printGtmState(out, env);
        }
        PropertyConfig property = properties(config).stream().filter(p -> !p.origins().isEmpty()).findFirst().orElse(null);
        InetSocketAddress first = firstEdge(edges.values().stream().map(EdgeServer::httpAddress).findFirst(),
                edgeProcesses.keySet().stream().findFirst().map(id -> config.pop(id).orElseThrow().edge().http()));
        InetSocketAddress firstAdmin = firstEdge(edges.values().stream().map(EdgeServer::adminAddress).findFirst(),
                edgeProcesses.keySet().stream().findFirst().map(id -> config.pop(id).orElseThrow().edge().admin()));
        if (property == null || first == null) {
            return;
        }
        String edge = "http://" + hostPort(first);
        String host = property.host();
        OriginConfig origin = property.origins().get(0);
        String api = edge + "/" + origin.host() + "/api/catalog.json";
        out.println();
        out.println("Try, through the first POP (run it twice: X-Cache says MISS, then HIT, and Age grows):");
        out.printf("  curl -si -o /dev/null -D - -H 'Host: %s' %s/images/landscape-2mp.jpg%n", host, edge);
        config.pops().stream().filter(p -> p.cache().disk() != null).findFirst().ifPresent(p -> out.printf(
                "Each POP also keeps what it fetches on disk (%s/<pop>): restarted, or in the next demo, it still has it "
                        + "(HIT, from disk); delete that directory to start cold.%n", p.cache().disk().dir()));
        out.println("The origin-in-path form names the origin in the first path segment:");
        out.printf("  curl -si -H 'Host: %s' %s%n", host, api);
        out.println("The sample site's pages (their images point at the CDN hostname):");
        out.printf("  curl -s --resolve %s:%d:%s http://%s:%d/%n", host, first.getPort(),
                first.getAddress().getHostAddress(), host, first.getPort());
        origins.values().stream().findFirst().ifPresent(stub -> {
            String fault = "  curl -s -XPOST " + stub.baseUrl() + "/__stub/fault -d '{\"mode\":\"%s\",\"pathPrefix\":\"/api/\"}'%n";
            String fetch = "  curl -si -H 'Host: " + host + "' " + api;
            out.println("Make the origin fail: once the POP's copy has expired (the catalog's max-age is 30 s; until then"
                    + " it answers HIT), it passes the origin's 500 through (X-Cache: PASS):");
            out.printf(fault, "fail");
            out.println(fetch);
            out.printf("Make it hang: the POP answers 504 once the origin's read timeout (%s) has passed:%n",
                    seconds(origin.readTimeout()));
            out.printf(fault, "hang");
            out.println(fetch);
            out.println("Heal it (clears every fault):");
            out.printf("  curl -s -XPOST %s/__stub/fault -d '{\"mode\":\"ok\"}'%n", stub.baseUrl());
            out.println("The stub's answers do not allow stale-if-error, so the POP never serves stale for them. Have it"
                    + " allow it, fetch once, wait 5 s, make it fail again as above: the POP serves its expired copy"
                    + " (X-Cache: STALE). /__stub/reset drops the override and every fault:");
            out.printf("  curl -s -XPOST %s/__stub/headers -d '{\"pathPrefix\":\"/api/\",\"headers\":"
                    + "{\"Cache-Control\":\"public, max-age=5, stale-if-error=600\"}}'%n", stub.baseUrl());
            out.printf("  curl -s -XPOST %s/__stub/reset%n", stub.baseUrl());
            out.println("Change its content (a new version of every page and photo):");
            out.printf("  curl -s -XPOST %s/__stub/bump%n", stub.baseUrl());
        });
        CustomerConfig customer = config.customerOf(property).orElseThrow();
        // An operator token may purge anything: the fallback for a customer without admin tokens.
        boolean byCustomer = !customer.adminTokens().isEmpty() || config.operatorTokens().isEmpty();
        BearerHeader purge = byCustomer
                ? BearerHeader.of(customer.adminTokens().stream().findFirst(), BearerHeader.customerVariable(customer.id()),
                        "an adminToken of customer " + customer.id(), env)
                : operatorHeader(env);
        out.println("Purge the photo from that POP (with " + (byCustomer ? "customer " + customer.id() + "'s admin token"
                : "the operator token") + "), then fetch it again" + purge.note().map(n -> " (" + n + ")").orElse("") + ":");
        out.printf("  curl -s -XPOST -H %s http://%s/purge -d '{\"url\":\"http://%s/images/landscape-2mp.jpg\"}'%n",
                purge.argument(), hostPort(firstAdmin), host);
        out.println();
    }

    /** The GTM's operator API: what it knows of every POP, with the operator token that opens it. */
    private void printGtmState(PrintStream out, Map<String, String> env) {
        if (gtm.adminAddress() == null) {
            return;
        }
        BearerHeader operator = operatorHeader(env);
        String note = operator.note().map(n -> " (" + n + ")").orElse("");
        String admin = "http://" + hostPort(gtm.adminAddress());
        // Without probes the GTM has no live view: only the health of the addresses it answers with.
        if (config.dns().probes() == null) {
            out.println("The health of every address the GTM answers with" + note + ":");
            out.println("  curl -s -H " + operator.argument() + " " + admin + "/v1/addresses");
        } else {
            out.println("Who probes whom and what they see (also /v1/load, /v1/map)" + note + ":");
            out.println("  curl -s -H " + operator.argument() + " " + admin + "/v1/health");
        }
    }

    private BearerHeader operatorHeader(Map<String, String> env) {
        return BearerHeader.of(config.operatorTokens().stream().findFirst(), "MERIDIAN_OPERATOR_TOKEN",
                "one of the operatorTokens", env);
    }

    private static InetSocketAddress firstEdge(Optional<InetSocketAddress> inProcess,
                                               Optional<HostPort> child) {
        return inProcess.orElseGet(() -> child.map(h -> new InetSocketAddress(h.host(), h.port())).orElse(null));
    }

    /**
     * How to stop one POP and watch its clients move: the client block the emulation puts nearest to
     * a POP, that POP's edge's PID to kill, and the command that brings it back.
     */
    private void printStopAPop(PrintStream out) {
        Optional<Map.Entry<String, String>> nearest = nearestPops().entrySet().stream()
                .filter(e -> edgeProcesses.containsKey(e.getValue())).findFirst();
        PropertyConfig property = properties(config).stream().findFirst().orElse(null);
        if (nearest.isEmpty() || property == null) {
            return;
        }
        String block = nearest.get().getKey();
        String pop = nearest.get().getValue();
        EdgeProcess child = edgeProcesses.get(pop);
        String popAddress = config.pop(pop).orElseThrow().edge().http().host();
        String dig = "dig @" + gtm.udpAddress().getAddress().getHostAddress() + " -p " + gtm.udpAddress().getPort() + " "
                + property.host() + " +subnet=" + block + " +short";
        out.println();
        out.println("Stop a POP and watch the answers move (each POP's edge is its own process):");
        out.println("  " + dig + "      # " + pop + " (" + popAddress + ") is nearest to " + block);
        out.println("  kill " + child.pid() + "      # stops POP " + pop + "'s edge; within ~10 s the dig above answers another POP");
        out.println("  " + restartCommand(pop) + "      # brings it back (in another terminal); the answer returns to "
                + popAddress);
        out.println("  The other POPs: " + String.join(", ", edgeProcesses.values().stream().filter(c -> !c.pop().equals(pop))
                .map(c -> c.pop() + " pid " + c.pid()).toList()) + ".");
    }

    /** The restart line for a POP's edge; it stops with this demo ({@code --parent-pid}). */
    String restartCommand(String pop) {
        StringBuilder command = new StringBuilder("bin/meridian edge --pop ").append(pop);
        if (configFile != null) {
            command.append(" --config ").append(configFile.toAbsolutePath());
        }
        return command.append(" --parent-pid ").append(ProcessHandle.current().pid()).toString();
    }

    /** Each emulated IPv4 client block (as a /24 to dig with) and the POP with the shortest emulated RTT to it. */
    private Map<String, String> nearestPops() {
        Map<String, EmulatedLinkConfig> best = new LinkedHashMap<>();
        if (config.dns() == null || config.dns().probes() == null || config.dns().probes().emulation() == null) {
            return Map.of();
        }
        for (EmulatedLinkConfig l : config.dns().probes().emulation().links()) {
            if (l.after() == null && !l.block().contains(":")) {
                best.merge(l.block().substring(0, l.block().indexOf('/')) + "/24", l,
                        (a, b) -> b.rtt().compareTo(a.rtt()) < 0 ? b : a);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        best.forEach((block, link) -> out.put(block, link.pop()));
        return out;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() {
        Shutdown.closeAll(started);
    }
}
