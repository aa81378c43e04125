package dev.meridian.cli;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.GtmServer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the GTM alone: the authoritative DNS server for the CDN's zones, with its admin listener. */
@Command(name = "gtm", description = "Run the global traffic manager: authoritative DNS for the CDN zone(s).")
final class GtmCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--node", defaultValue = GtmServer.DEFAULT_NODE_ID,
            description = "This GTM's id in console.nodes, under which it ships its decisions (default: ${DEFAULT-VALUE}).")
    String node;

    @Override
    public Integer call() throws InterruptedException {
        var found = config.loadOrReport();
        if (found.isEmpty()) {
            return 2;
        }
        MeridianConfig loaded = found.get();
        GtmServer gtm;
        try {
            gtm = GtmServer.start(config.reloadable(loaded), node);
        } catch (Exception e) {
            System.err.println("gtm: " + Failures.rootMessage(e));
            return 1;
        }
        System.out.println(describe(gtm, loaded));
        Shutdown.runUntilInterrupted(gtm);
        return 0;
    }

    /** What is listening and queries to try; the demo prints the same lines. */
    static String describe(GtmServer gtm, MeridianConfig config) {
        StringBuilder out = new StringBuilder();
        String at = gtm.udpAddress().getAddress().getHostAddress();
        int port = gtm.udpAddress().getPort();
        out.append("  GTM          dns ").append(at).append(':').append(port).append(" (udp+tcp), authoritative for ")
                .append(String.join(", ", config.dns().allZones()));
        if (gtm.adminAddress() != null) {
            out.append("   admin http://").append(gtm.adminAddress().getAddress().getHostAddress()).append(':')
                    .append(gtm.adminAddress().getPort()).append("/metrics");
        }
        out.append('\n');
        String dig = "  dig @" + at + " -p " + port + " ";
        config.customers().stream().flatMap(c -> c.properties().stream()).findFirst().ifPresent(p -> {
            out.append("Which POP a client is sent to (the answer, and the ECS scope it depended on):\n");
            out.append(dig).append(p.host()).append(" +short\n");
            if (p.dns() != null) {
                p.dns().staticMappings().forEach(m -> out.append(dig).append(p.host()).append(" +subnet=")
                        .append(m.cidrs().get(0)).append(" +short      # pinned to ").append(String.join(", ", m.to()))
                        .append('\n'));
                p.dns().aliases().stream().findFirst().ifPresent(alias -> out.append(dig).append(alias)
                        .append("      # a customer hostname CNAMEd into the CDN zone\n"));
            }
            emulatedBlocks(config).forEach(block -> out.append(dig).append(p.host()).append(" +subnet=").append(block)
                    .append(" +short      # EMULATED distances: ask twice, the first answer is a guess that orders a measurement\n"));
        });
        return out.toString().stripTrailing();
    }

    /** A /24 inside each IPv4 client block the config gives emulated distances to, in config order. */
    static List<String> emulatedBlocks(MeridianConfig config) {
        var probes = config.dns() == null ? null : config.dns().probes();
        if (probes == null || probes.emulation() == null) {
            return List.of();
        }
        return probes.emulation().links().stream().map(l -> l.block()).filter(b -> !b.contains(":")).distinct()
                .map(block -> block.substring(0, block.indexOf('/')) + "/24").toList();
    }
}
