package dev.meridian.cli;

import dev.meridian.core.config.ConfigHolder;
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
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole network in one process: an origin stub wherever the config puts a property's origin on
 * loopback, and every POP's edge. Stops everything it started, newest first, when closed or when a
 * part fails to start.
 */
public final class Demo implements AutoCloseable {
    private final MeridianConfig config;
    private final Map<String, OriginStub> origins;
    private final Map<String, EdgeServer> edges;
    private final GtmServer gtm;
    private final List<AutoCloseable> started;

    private Demo(MeridianConfig config, Map<String, OriginStub> origins, Map<String, EdgeServer> edges, GtmServer gtm,
                 List<AutoCloseable> started) {
        this.config = config;
        this.origins = origins;
        this.edges = edges;
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

    /** Starts on a holder the caller may reload; every part follows its reloads. */
    public static Demo start(ConfigHolder holder) {
        MeridianConfig config = holder.get();
        List<AutoCloseable> started = new ArrayList<>();
        Map<String, OriginStub> origins = new LinkedHashMap<>();
        Map<String, EdgeServer> edges = new LinkedHashMap<>();
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
            for (PopConfig pop : config.pops()) {
                EdgeServer edge = startPart("POP " + pop.id(), pop.edge().http() + " / " + pop.edge().admin(),
                        () -> EdgeServer.start(holder, pop.id()));
                started.add(edge);
                edges.put(pop.id(), edge);
            }
            // The GTM (authoritative DNS for the CDN hostnames) starts after the POPs it answers with.
            GtmServer gtm = null;
            if (config.dns() != null) {
                gtm = startPart("GTM", config.dns().listen().toString(), () -> startGtm(holder));
                started.add(gtm);
            }
            return new Demo(config, Collections.unmodifiableMap(origins), Collections.unmodifiableMap(edges), gtm, started);
        } catch (RuntimeException e) {
            Shutdown.closeAll(started);
            throw e;
        }
    }

    private static GtmServer startGtm(ConfigHolder holder) {
        try {
            return GtmServer.start(holder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T startPart(String what, String address, java.util.function.Supplier<T> start) {
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

    public Map<String, EdgeServer> edges() {
        return edges;
    }

    /** The GTM, or null when the config has no dns section. */
    public GtmServer gtm() {
        return gtm;
    }

    /** Origin stubs by the host:port the config names for them. */
    public Map<String, OriginStub> origins() {
        return origins;
    }

    /** What is running and what to try, for a person at a terminal. */
    public void printGuide(PrintStream out) {
        out.println();
        out.println("Meridian demo is running (Ctrl-C stops it).");
        origins.forEach((address, stub) -> out.println("  origin stub  " + stub.baseUrl()));
        edges.forEach((id, edge) -> out.printf("  POP %-8s http://%s   admin http://%s/metrics%n", id,
                hostPort(edge.httpAddress()), hostPort(edge.adminAddress())));
        if (gtm != null) {
            out.println(GtmCommand.describe(gtm, config));
        }
        PropertyConfig property = properties(config).stream().filter(p -> !p.origins().isEmpty()).findFirst().orElse(null);
        EdgeServer first = edges.values().stream().findFirst().orElse(null);
        if (property == null || first == null) {
            return;
        }
        String edge = "http://" + hostPort(first.httpAddress());
        String host = property.host();
        out.println();
        out.println("Try, through the first POP (run it twice: X-Cache says MISS, then HIT, and Age grows):");
        out.printf("  curl -si -o /dev/null -D - -H 'Host: %s' %s/images/landscape-2mp.jpg%n", host, edge);
        out.println("The origin-in-path form names the origin in the first path segment:");
        out.printf("  curl -si -H 'Host: %s' %s/%s/api/catalog.json%n", host, edge, property.origins().get(0).host());
        out.println("The sample site's pages (their images point at the CDN hostname):");
        out.printf("  curl -s --resolve %s:%d:%s http://%s:%d/%n", host, first.httpAddress().getPort(),
                first.httpAddress().getAddress().getHostAddress(), host, first.httpAddress().getPort());
        origins.values().stream().findFirst().ifPresent(stub -> {
            out.println("Make the origin fail, then see the edge answer 502/504 or serve stale; heal it; change its content:");
            out.printf("  curl -s -XPOST %s/__stub/fault -d '{\"mode\":\"fail\",\"pathPrefix\":\"/api/\"}'%n", stub.baseUrl());
            out.printf("  curl -s -XPOST %s/__stub/fault -d '{\"mode\":\"ok\"}'%n", stub.baseUrl());
            out.printf("  curl -s -XPOST %s/__stub/bump%n", stub.baseUrl());
        });
        out.println("Purge the photo from that POP (ACME_TOKEN: one of the customer's adminTokens in the config), then fetch it again:");
        out.printf("  curl -s -XPOST -H \"Authorization: Bearer $ACME_TOKEN\" http://%s/purge -d '{\"url\":\"http://%s/images/landscape-2mp.jpg\"}'%n",
                hostPort(first.adminAddress()), host);
        out.println();
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() {
        Shutdown.closeAll(started);
    }
}
