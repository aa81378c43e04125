package dev.meridian.cli;

import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.EmulatedLinkConfig;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.gtm.GtmServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a running demo prints for a person at a terminal: what is running where, and commands to try
 * that work as pasted (the admin tokens included, or named as the variables they came from).
 */
final class DemoGuide {
    private final Demo demo;
    private final MeridianConfig config;
    /** The GTM, or null when the config has no dns section. */
    private final GtmServer gtm;

    DemoGuide(Demo demo) {
        this.demo = demo;
        this.config = demo.config();
        this.gtm = demo.gtm();
    }

    /** Prints it; {@code env} is the environment the config was loaded in (tokens from it are not echoed). */
    void print(PrintStream out, Map<String, String> env) {
        out.println();
        out.println("Meridian demo is running (Ctrl-C stops it).");
        demo.origins().forEach((address, stub) -> out.println("  origin stub  " + stub.baseUrl()));
        demo.edges().forEach((id, edge) -> out.printf("  POP %-8s http://%s   admin http://%s/metrics%n", id,
                hostPort(edge.httpAddress()), hostPort(edge.adminAddress())));
        demo.edgeProcesses().forEach((id, child) -> {
            PopConfig pop = config.pop(id).orElseThrow();
            out.printf("  POP %-8s http://%s   admin http://%s/metrics   pid %d   log %s%n", id, pop.edge().http(),
                    pop.edge().admin(), child.pid(), child.log());
        });
        if (demo.console() != null) {
            out.println("  console      " + demo.console().url() + "/   (every POP and the GTM ship their usage there)"
                    + " log in as:");
            demo.logins().forEach(l -> out.printf("    %-10s password %s   (%s)%n", l.login(), l.password(),
                    l.customer() == null ? "operator: every customer and node" : "customer " + l.customer()));
        }
        if (gtm != null) {
            out.println(GtmCommand.describe(gtm, config));
            printStopAPop(out);
            printGtmState(out, env);
        }
        PropertyConfig property = Demo.properties(config).stream().filter(p -> !p.origins().isEmpty()).findFirst().orElse(null);
        InetSocketAddress first = firstEdge(demo.edges().values().stream().map(EdgeServer::httpAddress).findFirst(),
                demo.edgeProcesses().keySet().stream().findFirst().map(id -> config.pop(id).orElseThrow().edge().http()));
        InetSocketAddress firstAdmin = firstEdge(demo.edges().values().stream().map(EdgeServer::adminAddress).findFirst(),
                demo.edgeProcesses().keySet().stream().findFirst().map(id -> config.pop(id).orElseThrow().edge().admin()));
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
        demo.origins().values().stream().findFirst().ifPresent(stub -> {
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
        if (demo.console() != null) {
            printConsoleControls(out, purge, host);
        }
        out.println();
    }

    /** A purge of every POP at once, a two-phase config push and a page check, all through the console. */
    private void printConsoleControls(PrintStream out, BearerHeader token, String host) {
        String console = demo.console().url();
        out.println("Or purge it on every POP at once through the console (it answers with each POP's"
                + " acknowledgement and latency; meridian purge does the same):");
        out.printf("  curl -s -H %s %s/v1/purge -d '{\"url\":\"http://%s/images/landscape-2mp.jpg\"}'%n",
                token.argument(), console, host);
        out.println("Push a config change to every POP and the GTM in two phases (here " + host + "'s default TTL"
                + " becomes 60 s): all switch, or, if one refuses, none does; each node's answer is printed:");
        out.println("  sed 's/defaultTtl: 0s/defaultTtl: 60s/' conf/demo.yaml > /tmp/meridian-ttl.yaml"
                + " && bin/meridian config push /tmp/meridian-ttl.yaml");
        out.println("Check the sample site's home page from every POP (each image, stylesheet and script with its timings):");
        out.printf("  curl -s -H %s %s/v1/pagecheck -d '{\"url\":\"http://%s/\"}'%n", token.argument(), console, host);
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
                .filter(e -> demo.edgeProcesses().containsKey(e.getValue())).findFirst();
        PropertyConfig property = Demo.properties(config).stream().findFirst().orElse(null);
        if (nearest.isEmpty() || property == null) {
            return;
        }
        String block = nearest.get().getKey();
        String pop = nearest.get().getValue();
        EdgeProcess child = demo.edgeProcesses().get(pop);
        String popAddress = config.pop(pop).orElseThrow().edge().http().host();
        String dig = "dig @" + gtm.udpAddress().getAddress().getHostAddress() + " -p " + gtm.udpAddress().getPort() + " "
                + property.host() + " +subnet=" + block + " +short";
        out.println();
        out.println("Stop a POP and watch the answers move (each POP's edge is its own process):");
        out.println("  " + dig + "      # " + pop + " (" + popAddress + ") is nearest to " + block);
        out.println("  kill " + child.pid() + "      # stops POP " + pop + "'s edge; within ~10 s the dig above answers another POP");
        out.println("  " + restartCommand(pop) + "      # brings it back (in another terminal); the answer returns to "
                + popAddress);
        out.println("  The other POPs: " + String.join(", ", demo.edgeProcesses().values().stream().filter(c -> !c.pop().equals(pop))
                .map(c -> c.pop() + " pid " + c.pid()).toList()) + ".");
    }

    /** The restart line for a POP's edge; it stops with this demo ({@code --parent-pid}). */
    String restartCommand(String pop) {
        StringBuilder command = new StringBuilder("bin/meridian edge --pop ").append(pop);
        if (demo.configFile() != null) {
            command.append(" --config ").append(demo.configFile().toAbsolutePath());
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
}
