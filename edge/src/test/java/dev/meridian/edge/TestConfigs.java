package dev.meridian.edge;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;

/** Configs for edge tests: one POP on ephemeral loopback ports, one property in front of a given origin. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static MeridianConfig onePop(String originUrl, String extraOriginYaml, String cacheYaml, String defaultTtl) {
        return onePop(originUrl, extraOriginYaml, cacheYaml, defaultTtl, "{ http: 127.0.0.1:0, admin: 127.0.0.1:0 }");
    }

    /** @param edgeYaml the POP's {@code edge} entry, e.g. with an https listener */
    public static MeridianConfig onePop(String originUrl, String extraOriginYaml, String cacheYaml, String defaultTtl,
                                        String edgeYaml) {
        String yaml = """
                dns: { zone: cdn.test, listen: 127.0.0.1:0, admin: 127.0.0.1:0, ttl: 20s }
                pops:
                  - id: sjc
                    location: { name: "San Jose", lat: 37.3, lon: -121.9 }
                    edge: %s
                    cache: %s
                customers:
                  - id: acme
                    adminTokens: [ "acme-token-0123456789abcdef" ]
                    properties:
                      - host: acme.cdn.test
                        origins:
                          - { host: www.acme.test, url: "%s", readTimeout: 1s, totalTimeout: 3s }
                %s
                        defaultTtl: %s
                """.formatted(edgeYaml, cacheYaml, originUrl, extraOriginYaml, defaultTtl);
        try {
            return new ConfigLoader(name -> null).loadYaml("test", yaml);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static MeridianConfig onePop(String originUrl) {
        return onePop(originUrl, "", "{ memory: 64MB, maxObjectSize: 1MB }", "0s");
    }
}
