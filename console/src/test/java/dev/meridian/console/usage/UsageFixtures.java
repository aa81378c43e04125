package dev.meridian.console.usage;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A small network for usage tests: two customers, two POPs' edges and a GTM that report to the console. */
final class UsageFixtures {
    static final String SJC_TOKEN = "sjc-node-token-00000000";
    static final String IAD_TOKEN = "iad-node-token-00000000";
    static final String GTM_TOKEN = "gtm-node-token-00000000";

    private UsageFixtures() {
    }

    static MeridianConfig config(Path stateDir) {
        try {
            return new ConfigLoader(n -> null).loadYaml("usage-test.yaml", yaml(stateDir));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config as a file would hold it, with the console's state (its H2 database) in {@code stateDir}. */
    static String yaml(Path stateDir) {
        return """
                pops:
                  - id: sjc
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                  - id: iad
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                        dns: { aliases: [ img.acme.test ] }
                  - id: globex
                    properties:
                      - host: globex.cdn.test
                        origins: [ { host: www.globex.test, url: "http://127.0.0.1:9" } ]
                console:
                  listen: 127.0.0.1:0
                  stateDir: "%s"
                  nodes:
                    - { id: sjc, role: edge, token: %s }
                    - { id: iad, role: edge, token: %s }
                    - { id: gtm, role: gtm, token: %s }
                """.formatted(stateDir, SJC_TOKEN, IAD_TOKEN, GTM_TOKEN);
    }

    static ConsoleNodeConfig node(MeridianConfig config, String id) {
        return config.consoleConfig().orElseThrow().node(id).orElseThrow();
    }

    /** An edge minute where every counter is {@code n} (the gauge too). */
    static EdgeMinute edge(Instant minute, String property, String pop, long n) {
        return new EdgeMinute(minute, property, pop, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n, n);
    }

    static DnsMinute dns(Instant minute, String hostname, String answer, String pop, String block, long n) {
        return new DnsMinute(minute, hostname, answer, pop, block, n);
    }

    static UsageBatch edgeBatch(String id, String node, List<EdgeMinute> rows) {
        return new UsageBatch(id, node, Instant.now(), new SpoolStatus(1, 100, 0), rows, List.of());
    }

    static UsageBatch dnsBatch(String id, List<DnsMinute> rows) {
        return new UsageBatch(id, "gtm", Instant.now(), new SpoolStatus(1, 100, 0), List.of(), rows);
    }
}
