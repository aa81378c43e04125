package dev.meridian.e2e.jmeter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.edge.EdgeServer;
import dev.meridian.originstub.OriginStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A few seconds of every load plan in perf/jmeter, with few threads, through JMeter's own engine against
 * an origin stub and an edge on loopback port 0, so the plans cannot rot: each must finish with no
 * failed assertion and must have exercised what it is about. The full runs are benchmarks (perf/).
 */
class JMeterPlansSmokeTest {
    private static final Path PLANS = Path.of("..", "perf", "jmeter");
    private static final String TOKEN = "smoke-acme-token-0000000000";
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private static OriginStub origin;
    private static EdgeServer edge;

    @BeforeAll
    static void start() throws Exception {
        origin = OriginStub.start("127.0.0.1", 0);
        // The demo's acme property: images by speed class (hybrid, layered) and the measurement scripts.
        // The memory tier holds everything the smoke plans fill (a few hundred MB of new objects): under
        // pressure, Caffeine's TinyLFU may refuse a just-filled object, and a request that arrived during
        // its fill but joined after it would fetch it again, which the misses plan counts as a second fill.
        String yaml = """
                pops:
                  - id: smoke
                    edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" }
                    cache: { memory: 1GB, maxObjectSize: 8MB }
                customers:
                  - id: acme
                    adminTokens: [ "%s" ]
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "%s" } ]
                        measureBandwidth: true
                        images: { mode: hybrid, layered: { budget: 2s } }
                """.formatted(TOKEN, origin.baseUrl());
        edge = EdgeServer.start(new ConfigHolder(new ConfigLoader().loadYaml("jmeter-smoke.yaml", yaml)), "smoke");
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private static Map<String, String> params(String... extra) {
        Map<String, String> p = new HashMap<>(Map.of(
                "host", "127.0.0.1", "port", Integer.toString(edge.httpAddress().getPort()),
                "adminHost", "127.0.0.1", "adminPort", Integer.toString(edge.adminAddress().getPort()),
                "originHost", "127.0.0.1", "originPort", Integer.toString(origin.port()),
                "token", TOKEN, "threads", "3", "duration", "3", "rampup", "0"));
        p.put("responseTimeoutMs", "15000");
        for (int i = 0; i < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return p;
    }

    private static Outcomes run(String plan, String... extra) {
        Path file = PLANS.resolve(plan + ".jmx");
        assertThat(file).exists();
        Outcomes outcomes = PlanRun.run(file, params(extra), LIMIT);
        assertThat(outcomes.failures()).as("failed samples of %s; all outcomes: %s", plan, outcomes.summary()).isEmpty();
        return outcomes;
    }

    @Test
    void hits() {
        Outcomes o = run("hits", "objects", "40", "warmupThreads", "2");
        assertThat(o.count("warm-up object")).isGreaterThanOrEqualTo(40);
        assertThat(o.count("hit")).isGreaterThan(50);
        assertThat(o.count("hit", "X-Cache=HIT")).isEqualTo(o.count("hit"));
    }

    @Test
    void missesRevalidationAndCoalescing() {
        Outcomes o = run("misses", "threads", "2", "duration", "5", "revalidationObjects", "3", "revalidationThreads", "2",
                "coalesceThreads", "3");
        assertThat(o.count("miss", "X-Cache=MISS")).isEqualTo(o.count("miss")).isGreaterThan(5);
        assertThat(o.count("revalidate", "X-Cache=REVALIDATED")).isPositive();
        assertThat(o.count("coalesced miss")).isGreaterThanOrEqualTo(6);
        assertThat(o.count("control origin request counts")).isEqualTo(1);
    }

    @Test
    void imagesBySpeedClass() {
        // Three threads, two page loads each: every class by cookie and by Client Hints once.
        Outcomes o = run("images", "duration", "60", "pageLoads", "2");
        for (String cls : new String[] {"low", "medium", "high"}) {
            for (String signal : new String[] {"cookie", "client-hints"}) {
                assertThat(o.count("image " + cls + " (" + signal + ")")).as(cls + " by " + signal).isPositive();
            }
        }
    }

    @Test
    void purgeUnderLoad() {
        // Two purges end the run (duration is only an upper bound).
        Outcomes o = run("purge", "duration", "60", "purges", "2", "purgeObjects", "30", "purgeEveryMs", "500");
        assertThat(o.count("purge prefix", "status=200")).isEqualTo(2);
        assertThat(o.count("hit (purged prefix)")).isPositive();
        assertThat(o.count("sweep object")).isEqualTo(30);
    }

    @Test
    void originTroubleStaysWithinTheStaleRules() {
        // Five phases of 1.5 s (healthy, failing, resetting, slow, healthy); the plan ends itself after the last.
        Outcomes o = run("origin-trouble", "duration", "60", "phaseMs", "1500", "slowMs", "2500", "hitBudgetMs", "2000", "freshObjects", "20",
                "staleObjects", "10", "strictObjects", "5", "paceMs", "20");
        assertThat(o.count("trouble stale-if-error", "X-Cache=STALE")).as("stale served while the origin failed").isPositive();
        long strictErrors = o.count("trouble must-revalidate", "status=500") + o.count("trouble must-revalidate", "status=502")
                + o.count("trouble must-revalidate", "status=504");
        assertThat(strictErrors).as("must-revalidate objects fail while the origin does").isPositive();
        assertThat(o.count("trouble fresh", "X-Cache=HIT")).isEqualTo(o.count("trouble fresh")).isPositive();
    }

    @Test
    void soakMixWithMemoryVerdict() {
        // The in-process edge shares its heap with JMeter here, so the growth bounds are the soak's, not the smoke's.
        Outcomes o = run("soak", "duration", "5", "rate", "60", "objects", "40", "purgeObjects", "30", "purgeEveryMs", "1500",
                "heapGrowthMB", "100000", "rssGrowthMB", "100000");
        assertThat(o.count("hit")).isPositive();
        assertThat(o.count("miss")).isPositive();
        assertThat(o.count("page")).isPositive();
        assertThat(o.count("control soak verdict", "status=200")).isEqualTo(1);
        assertThat(o.responseMessages("control soak verdict")).singleElement().asString()
                .startsWith("within bounds: heap used ").contains("RSS");
    }

    static {
        assertThat(Files.isDirectory(PLANS)).as("run from src-test: " + PLANS.toAbsolutePath()).isTrue();
    }
}
