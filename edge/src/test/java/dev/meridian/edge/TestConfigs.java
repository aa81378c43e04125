package dev.meridian.edge;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;

/** Configs for edge tests: one POP on ephemeral loopback ports, one property in front of a given origin. */
public final class TestConfigs {
    private static final String EDGE = "{ http: 127.0.0.1:0, admin: 127.0.0.1:0 }";
    private static final String CACHE = "{ memory: 64MB, maxObjectSize: 1MB }";

    private TestConfigs() {
    }

    public static MeridianConfig onePop(String originUrl, String extraOriginYaml, String cacheYaml, String defaultTtl) {
        return onePop(originUrl, extraOriginYaml, cacheYaml, defaultTtl, EDGE);
    }

    /** @param edgeYaml the POP's {@code edge} entry, e.g. with an https listener */
    public static MeridianConfig onePop(String originUrl, String extraOriginYaml, String cacheYaml, String defaultTtl,
                                        String edgeYaml) {
        return onePop(originUrl, "", extraOriginYaml, cacheYaml, defaultTtl, edgeYaml);
    }

    /** @param originFields more fields of the first origin, e.g. {@code "idleTimeout: 10s"} */
    public static MeridianConfig onePopWithOriginFields(String originUrl, String originFields) {
        return onePop(originUrl, ", " + originFields, "", CACHE, "0s", EDGE);
    }

    /** @param originFields the first origin's servers and more, e.g. {@code "servers: [ ... ]"} */
    public static MeridianConfig onePopWithOriginGroup(String originFields) {
        return onePop(null, ", " + originFields, "", CACHE, "0s", EDGE);
    }

    private static MeridianConfig onePop(String originUrl, String originFields, String extraOriginYaml, String cacheYaml,
                                         String defaultTtl, String edgeYaml) {
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
                          - { host: www.acme.test, %sreadTimeout: 1s, totalTimeout: 3s%s }
                %s
                        defaultTtl: %s
                """.formatted(edgeYaml, cacheYaml, originUrl == null ? "" : "url: \"" + originUrl + "\", ", originFields,
                extraOriginYaml, defaultTtl);
        try {
            return new ConfigLoader(name -> null).loadYaml("test", yaml);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static MeridianConfig onePop(String originUrl) {
        return onePop(originUrl, "", CACHE, "0s");
    }
}
