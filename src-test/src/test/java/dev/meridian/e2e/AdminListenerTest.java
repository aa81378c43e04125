package dev.meridian.e2e;

import static dev.meridian.e2e.CdnFixture.lab;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The POP's admin listener reports what the public listener did. */
class AdminListenerTest {
    private static CdnFixture cdn;

    @BeforeAll
    static void start() {
        cdn = CdnFixture.start();
    }

    @AfterAll
    static void stop() {
        cdn.close();
    }

    private static Response admin(String path) throws IOException {
        return cdn.http.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + cdn.edge.adminAddress().getPort() + path).build()).execute();
    }

    @Test
    void metricsCountRequestsByCacheStatusAndHealthzAnswers() throws IOException {
        String url = lab("counted", "max-age=60");
        cdn.fetch(url);
        cdn.fetch(url);
        cdn.fetch(url);
        String metrics;
        try (Response r = admin("/metrics")) {
            assertThat(r.code()).isEqualTo(200);
            metrics = r.body().string();
        }
        assertThat(requests(metrics, "MISS")).isEqualTo(1.0);
        assertThat(requests(metrics, "HIT")).isEqualTo(2.0);
        assertThat(metrics).as("speed-aware delivery's own counters").contains("meridian_edge_renders_total{",
                "meridian_edge_prerenders_dropped_total{", "meridian_edge_injections_dropped_total{", "meridian_edge_renditions_kept{");
        try (Response r = admin("/healthz")) {
            assertThat(r.code()).isEqualTo(200);
        }
    }

    private static double requests(String metrics, String cacheStatus) {
        Matcher m = Pattern.compile("(?m)^meridian_edge_requests_total\\{[^}]*cache=\"" + cacheStatus + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as("a requests counter for " + cacheStatus).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
