package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String VALID = """
            dns: { zone: cdn.test, listen: 127.0.0.1:5353, ttl: 30s }
            pops:
              - id: sjc
                edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                cache: { memory: 64MB, maxObjectSize: 1MB }
            operatorTokens: [ "${OP_TOKEN}" ]
            customers:
              - id: acme
                adminTokens: [ "${ACME_TOKEN:-acme-fallback-token-123}" ]
                properties:
                  - host: acme.cdn.test
                    origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081", readTimeout: 5s } ]
                    defaultTtl: 60
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("OP_TOKEN", "operator-secret-0123456789")::get);

    private MeridianConfig load(String yaml) throws ConfigException {
        return loader.loadYaml("test.yaml", yaml);
    }

    @Test
    void loadsRecordsWithUnitsAndEnvironmentSubstitution() throws Exception {
        MeridianConfig config = load(VALID);

        assertThat(config.dns().ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.pops().get(0).edge().http()).isEqualTo(new HostPort("127.0.0.11", 8080));
        assertThat(config.pops().get(0).cache().memory().bytes()).isEqualTo(64L << 20);
        assertThat(config.operatorTokens()).containsExactly("operator-secret-0123456789");
        assertThat(config.customers().get(0).adminTokens()).containsExactly("acme-fallback-token-123");
        PropertyConfig property = config.property("ACME.cdn.test").orElseThrow();
        assertThat(property.defaultTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(property.origin("www.acme.test").orElseThrow().readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(property.origin("www.acme.test").orElseThrow().connectTimeout()).isEqualTo(OriginConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(property.origin("evil.test")).isEmpty();
    }

    @Test
    void reportsEveryErrorWithItsPath() {
        String broken = """
                pops:
                  - id: SJC!
                    edge: { http: "nowhere", admin: 127.0.0.11:9080 }
                    cache: { memory: lots }
                customers:
                  - id: acme
                    bogus: 1
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                      - host: img.acme.test
                        origins: [ { host: www.acme.test, url: "ftp//nope" } ]
                        defaultTtl: soon
                """;
        assertThatThrownBy(() -> load(broken))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains(
                                "pops[0].id: must be 1-32 lowercase letters, digits or '-'",
                                "customers[0].bogus: unknown field",
                                "customers[0].properties[1].origins[0].url: not a URL (http:// or https:// with a host)")
                        .anyMatch(s -> s.startsWith("pops[0].edge.http: \"nowhere\""))
                        .anyMatch(s -> s.startsWith("pops[0].cache.memory: \"lots\""))
                        .anyMatch(s -> s.startsWith("customers[0].properties[1].defaultTtl: \"soon\"")))
                .hasMessageContaining("test.yaml: customers[0].properties[1].origins[0].url: not a URL");
    }

    @Test
    void missingEnvironmentVariableIsAnErrorThatNamesTheVariable() {
        ConfigLoader noEnv = new ConfigLoader(name -> null);
        assertThatThrownBy(() -> noEnv.loadYaml("t", VALID))
                .hasMessageContaining("operatorTokens[0]: environment variable OP_TOKEN is not set");
    }

    @Test
    void duplicateHostsAndPopsAreRefused() {
        String dup = """
                pops:
                  - { id: a, edge: { http: 127.0.0.1:1, admin: 127.0.0.1:2 } }
                  - { id: a, edge: { http: 127.0.0.1:3, admin: 127.0.0.1:4 } }
                customers:
                  - id: x
                    properties: [ { host: a.test }, { host: A.test } ]
                """;
        assertThatThrownBy(() -> load(dup))
                .hasMessageContaining("pops[1].id: duplicate POP id a")
                .hasMessageContaining("customers[0].properties[1].host: host A.test is already defined at customers[0].properties[0].host");
    }

    @Test
    void propertyRenditionOverridesMustNameAClassOfTheLadder() {
        String typo = VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        images: { renditions: { hgih: { maxWidth: 900 } } }");
        assertThatThrownBy(() -> load(typo))
                .hasMessageContaining("customers[0].properties[0].images.renditions.hgih: no speed class named hgih");
    }

    @Test
    void anOriginHostBelongsToOneCustomerAndOneUrlSinceTheCacheKeysByIt() throws Exception {
        String twoCustomers = VALID + """
                  - id: evil
                    properties:
                      - host: evil.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.9:8081" } ]
                """;
        assertThatThrownBy(() -> load(twoCustomers)).hasMessageContaining(
                "customers[1].properties[0].origins[0].host: origin host www.acme.test is already customer acme's");
        String twoUrls = VALID.replace("defaultTtl: 60", """
                defaultTtl: 60
                      - host: static.acme.test
                        origins: [ { host: WWW.acme.test, url: "http://127.0.0.2:8081" } ]""");
        assertThatThrownBy(() -> load(twoUrls)).hasMessageContaining("is already used with url http://127.0.0.1:8081");
        // One customer, one origin, two properties in front of it: fine.
        load(VALID.replace("defaultTtl: 60", """
                defaultTtl: 60
                      - host: static.acme.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]"""));
    }

    @Test
    void theRenderWaitDefaultsToTwoSecondsAndMustBePositive() throws Exception {
        assertThat(load(VALID).images().renderWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(load(VALID + "images: { renderWait: 300ms }\n").images().renderWait()).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> load(VALID + "images: { renderWait: 0s }\n")).hasMessageContaining("images.renderWait: must be positive");
    }

    @Test
    void originsKeepIdleConnectionsBrieflyAndGetsWithBodiesAreForwardedUnlessAPropertyRefusesThem() throws Exception {
        PropertyConfig property = load(VALID).property("acme.cdn.test").orElseThrow();
        assertThat(property.origins().get(0).idleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(property.getWithBody()).isEqualTo(PropertyConfig.GetWithBody.FORWARD);
        String refusing = VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        getWithBody: refuse")
                .replace("readTimeout: 5s", "readTimeout: 5s, idleTimeout: 4s");
        property = load(refusing).property("acme.cdn.test").orElseThrow();
        assertThat(property.getWithBody()).isEqualTo(PropertyConfig.GetWithBody.REFUSE);
        assertThat(property.origins().get(0).idleTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThatThrownBy(() -> load(VALID.replace("readTimeout: 5s", "idleTimeout: 0s")))
                .hasMessageContaining("customers[0].properties[0].origins[0].idleTimeout: must be positive");
        assertThatThrownBy(() -> load(VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        getWithBody: maybe")))
                .hasMessageContaining("customers[0].properties[0].getWithBody");
    }

    @Test
    void aRequestsCacheControlIsHonouredUnlessAPropertyIgnoresIt() throws Exception {
        assertThat(load(VALID).property("acme.cdn.test").orElseThrow().requestCacheControl())
                .isEqualTo(PropertyConfig.RequestCacheControl.HONOUR);
        String ignoring = VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        requestCacheControl: ignore");
        assertThat(load(ignoring).property("acme.cdn.test").orElseThrow().requestCacheControl())
                .isEqualTo(PropertyConfig.RequestCacheControl.IGNORE);
        assertThatThrownBy(() -> load(VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        requestCacheControl: sometimes")))
                .hasMessageContaining("customers[0].properties[0].requestCacheControl");
    }

    @Test
    void aPropertyRefreshesStoredObjectsPerPathPrefixTheLongestWinning() throws Exception {
        assertThat(load(VALID).property("acme.cdn.test").orElseThrow().refreshMillis("/a")).isZero();
        PropertyConfig property = load(VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        refresh: 10m\n"
                + "        refreshPaths: [ { prefix: /news/, refresh: 1m }, { prefix: /news/archive/, refresh: 0s } ]"))
                .property("acme.cdn.test").orElseThrow();
        assertThat(property.refreshMillis("/about")).isEqualTo(600_000);
        assertThat(property.refreshMillis("/news/today")).isEqualTo(60_000);
        assertThat(property.refreshMillis("/news/archive/1999")).isZero();
        assertThatThrownBy(() -> load(VALID.replace("defaultTtl: 60", "defaultTtl: 60\n        refresh: -1s\n"
                + "        refreshPaths: [ { prefix: news, refresh: 1m } ]")))
                .hasMessageContaining("customers[0].properties[0].refresh: \"-1s\": not a duration")
                .hasMessageContaining("customers[0].properties[0].refreshPaths[0].prefix: must start with '/'");
    }

    @Test
    void anOriginMayBeAGroupOfMirroredServersWatchedForHealth() throws Exception {
        String group = VALID.replace("url: \"http://127.0.0.1:8081\", readTimeout: 5s",
                "policy: round-robin, servers: [ { url: \"http://127.0.0.1:8081\", weight: 3 }, "
                        + "{ url: \"http://127.0.0.2:8081\", backup: true } ], health: { path: /health, rise: 4 }");
        OriginConfig origin = load(group).property("acme.cdn.test").orElseThrow().origins().get(0);
        assertThat(origin.policy()).isEqualTo(OriginConfig.Policy.ROUND_ROBIN);
        assertThat(origin.serverUrls()).containsExactly("http://127.0.0.1:8081", "http://127.0.0.2:8081");
        assertThat(origin.servers().get(0).weight()).isEqualTo(3);
        assertThat(origin.servers().get(1).backup()).isTrue();
        assertThat(origin.health().active()).isTrue();
        assertThat(origin.health().fall()).isEqualTo(3);
        assertThat(origin.health().rise()).isEqualTo(4);
        assertThat(origin.uri().toString()).isEqualTo("http://127.0.0.1:8081");

        OriginConfig single = load(VALID).property("acme.cdn.test").orElseThrow().origins().get(0);
        assertThat(single.serverUrls()).containsExactly("http://127.0.0.1:8081");
        assertThat(single.policy()).isEqualTo(OriginConfig.Policy.PRIMARY);
        assertThat(single.health().active()).isFalse();

        String at = "customers[0].properties[0].origins[0].";
        assertThatThrownBy(() -> load(VALID.replace("readTimeout: 5s", "servers: [ { url: \"http://127.0.0.2:8081\" } ]")))
                .hasMessageContaining(at + "url: give url (one server) or servers (a group), not both");
        assertThatThrownBy(() -> load(VALID.replace("url: \"http://127.0.0.1:8081\", readTimeout: 5s",
                "servers: [ { url: \"http://127.0.0.1:8081\" }, { url: \"https://127.0.0.2/v2\", weight: 0 } ], "
                        + "health: { path: health, fall: 0 }")))
                .hasMessageContaining(at + "servers[1].url: servers of one origin mirror each other")
                .hasMessageContaining(at + "servers[1].weight: must be between 1 and 1000")
                .hasMessageContaining(at + "health.path: must start with '/'")
                .hasMessageContaining(at + "health.fall: must be between 1 and 100");
    }

    @Test
    void malformedYamlAndWrongShapesGiveClearErrors() {
        assertThatThrownBy(() -> load("pops: [ {id: a")).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> load("- just\n- a list\n")).hasMessageContaining("empty or not a mapping");
        assertThatThrownBy(() -> load("pops: { id: a }\n")).hasMessageContaining("pops: expected a list, found a mapping");
    }

    @Test
    void embeddedDemoConfigIsValid() throws Exception {
        MeridianConfig demo = new ConfigLoader(name -> null).loadDemo();
        assertThat(demo.pops()).extracting(PopConfig::id).containsExactly("sjc", "iad", "fra");
        assertThat(demo.property("acme.cdn.test")).isPresent();
        // Each POP keeps a disk tier (in <dir>/<pop id>), so a restarted POP still has what it fetched.
        assertThat(demo.pops()).allSatisfy(p -> assertThat(p.cache().disk().dir()).isEqualTo("/tmp/meridian-demo-cache"));
        assertThat(new ConfigLoader(Map.of("MERIDIAN_DEMO_CACHE", "/srv/demo")::get).loadDemo().pops())
                .allSatisfy(p -> assertThat(p.cache().disk().dir()).isEqualTo("/srv/demo"));
    }

    @Test
    void reloadSwapsWholeConfigOrNothing() throws Exception {
        ConfigHolder holder = new ConfigHolder(load(VALID));
        MeridianConfig before = holder.get();

        assertThatThrownBy(() -> holder.reload(() -> load("pops: []\n"))).isInstanceOf(ConfigException.class);
        assertThat(holder.get()).isSameAs(before);

        MeridianConfig next = holder.reload(() -> load(VALID.replace("30s", "5s")));
        assertThat(holder.get()).isSameAs(next);
        assertThat(holder.get().dns().ttl()).isEqualTo(Duration.ofSeconds(5));
    }
}
