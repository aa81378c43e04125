package dev.meridian.cli;

import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.OriginServerConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.gtm.GtmServer;
import dev.meridian.originstub.OriginStub;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo network: the console (when the config has one), an origin stub wherever the config puts a
 * property's origin on loopback, every POP's edge, and the GTM. The edges run in this process, or each in its own child process so that
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
    /** The console, or null when the config has no console section. */
    private final ConsoleServer console;
    private final List<DemoLogins.Login> logins;
    private final List<AutoCloseable> started;

    private Demo(MeridianConfig config, Map<String, OriginStub> origins, Map<String, EdgeServer> edges,
                 Map<String, EdgeProcess> edgeProcesses, Path configFile, GtmServer gtm, ConsoleServer console,
                 List<DemoLogins.Login> logins, List<AutoCloseable> started) {
        this.config = config;
        this.origins = origins;
        this.edges = edges;
        this.edgeProcesses = edgeProcesses;
        this.configFile = configFile;
        this.gtm = gtm;
        this.console = console;
        this.logins = logins;
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
            // The console first: every node ships its usage from its first minute, catches up on purges and
            // config versions before it serves, and finds it listening. With it, the portal's two logins for this run.
            ConsoleServer console = null;
            List<DemoLogins.Login> logins = List.of();
            if (config.consoleConfig().isPresent()) {
                console = startPart("console", config.consoleConfig().get().listen().toString(),
                        () -> ConsoleServer.start(holder));
                started.add(console);
                logins = DemoLogins.create(console, config);
            }
            for (PropertyConfig property : properties(config)) {
                for (OriginConfig origin : property.origins()) {
                    for (OriginServerConfig server : origin.servers()) {
                        URI url = server.uri();
                        String address = url.getHost() + ":" + url.getPort();
                        if (isLoopback(url.getHost()) && !origins.containsKey(address)) {
                            OriginStub stub = startPart("origin stub for " + origin.host(), address,
                                    () -> OriginStub.start(url.getHost(), url.getPort(), property.host()));
                            started.add(stub);
                            origins.put(address, stub);
                        }
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
                    Collections.unmodifiableMap(children), processes == null ? null : processes.configFile(), gtm, console,
                    logins, started);
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

    static List<PropertyConfig> properties(MeridianConfig config) {
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

    /** The console, or null when the config has no console section. */
    public ConsoleServer console() {
        return console;
    }

    /** The portal logins made for this run (empty without a console). */
    List<DemoLogins.Login> logins() {
        return logins;
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
        new DemoGuide(this).print(out, System.getenv());
    }

    MeridianConfig config() {
        return config;
    }

    /** The config file child edges run from; null for the embedded demo config. */
    Path configFile() {
        return configFile;
    }

    @Override
    public void close() {
        Shutdown.closeAll(started);
    }
}
