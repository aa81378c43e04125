package dev.meridian.cli;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.GtmServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the GTM alone: the authoritative DNS server for the CDN's zones, with its admin listener. */
@Command(name = "gtm", description = "Run the global traffic manager: authoritative DNS for the CDN zone(s).")
final class GtmCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        MeridianConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        GtmServer gtm;
        try {
            gtm = GtmServer.start(new ConfigHolder(loaded));
        } catch (Exception e) {
            System.err.println("gtm: " + Failures.rootMessage(e));
            return 1;
        }
        System.out.println(describe(gtm, loaded));
        Shutdown.runUntilInterrupted(gtm);
        return 0;
    }

    /** What is listening and a first query to try; the demo prints the same lines. */
    static String describe(GtmServer gtm, MeridianConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("GTM authoritative for ").append(String.join(", ", config.dns().allZones()))
                .append(" on ").append(gtm.udpAddress().getHostString()).append(':').append(gtm.udpAddress().getPort())
                .append(" (udp+tcp)\n");
        if (gtm.adminAddress() != null) {
            out.append("  admin: http://").append(gtm.adminAddress().getHostString()).append(':')
                    .append(gtm.adminAddress().getPort()).append("/metrics, /healthz, /v1/addresses\n");
        }
        String host = config.customers().stream().flatMap(c -> c.properties().stream()).map(p -> p.host()).findFirst()
                .orElse(config.dns().zone());
        out.append("  try: dig @").append(gtm.udpAddress().getHostString()).append(" -p ").append(gtm.udpAddress().getPort())
                .append(' ').append(host).append(" +subnet=198.51.100.0/24");
        return out.toString();
    }
}
