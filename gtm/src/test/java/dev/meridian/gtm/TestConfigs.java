package dev.meridian.gtm;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * The configs GTM tests run on: three POPs on their own loopback addresses, a static hostname with client
 * blocks pinned to POPs, a dynamic hostname with weighted servers and a hidden backup, a customer zone with
 * a CNAME into the CDN zone, and a hostname with many IPv6 servers to force truncation.
 */
public final class TestConfigs {
    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789";

    private TestConfigs() {
    }

    public static MeridianConfig standard(Path stateDir) {
        return load(yaml(stateDir, "127.0.0.1:0", "127.0.0.1:0", "persistence: { duration: 10m }"));
    }

    public static MeridianConfig standard(Path stateDir, String listen, String admin) {
        return load(yaml(stateDir, listen, admin, "persistence: { duration: 10m }"));
    }

    /** The standard config with extra text appended to the dns section (indented as its fields). */
    public static MeridianConfig withDns(Path stateDir, String dnsExtra) {
        return load(yaml(stateDir, "127.0.0.1:0", "127.0.0.1:0", "persistence: { duration: 10m }")
                .replace("  stateDir:", dnsExtra + "\n  stateDir:"));
    }

    public static String yaml(Path stateDir, String listen, String admin, String persistence) {
        return """
                dns:
                  zone: cdn.test
                  zones: [ acme.test ]
                  listen: %s
                  admin: %s
                  ttl: 20s
                  negativeTtl: 30s
                  stateDir: "%s"
                  decisionLog: full
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                  - id: iad
                    edge: { http: 127.0.0.12:8080, admin: 127.0.0.12:9080 }
                  - id: fra
                    edge: { http: 127.0.0.13:8080, admin: 127.0.0.13:9080 }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                        dns:
                          ttl: 15s
                          aliases: [ images.acme.test ]
                          staticMappings:
                            - { cidrs: [ 10.1.0.0/16 ], to: [ sjc ] }
                            - { cidrs: [ 10.2.0.0/16 ], to: [ iad ] }
                      - host: deep.static.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                      - host: app.cdn.test
                        dns:
                          answerCount: 1
                          %s
                          servers:
                            - { address: 192.0.2.1, weight: 3 }
                            - { address: 192.0.2.2, weight: 1 }
                            - { address: 192.0.2.9, backup: true }
                      - host: wide.cdn.test
                        dns:
                          answerCount: 16
                          fallback: servfail
                          aliases: [ a-rather-long-customer-hostname-to-fill-the-packet.acme.test ]
                          servers:
                %s
                """.formatted(listen, admin, stateDir.toString().replace("\\", "/"), OPERATOR_TOKEN, persistence,
                manyV6Servers(16));
    }

    private static String manyV6Servers(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            b.append("                - { address: \"2001:db8::").append(Integer.toHexString(i)).append("\" }\n");
        }
        return b.toString();
    }

    public static MeridianConfig load(String yaml) {
        try {
            return new ConfigLoader(Map.<String, String>of()::get)
                    .loadYaml("test.yaml", yaml);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + yaml, e);
        }
    }
}
