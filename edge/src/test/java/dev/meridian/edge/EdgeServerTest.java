package dev.meridian.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.testing.ScriptedOrigin;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EdgeServerTest {
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();

    @Test
    void writesOneAccessLogLinePerRequest() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("meridian.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        access.addAppender(lines);
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/hello.txt", new MockResponse().setBody("hello").setHeader("Cache-Control", "max-age=60"));
            try (EdgeServer edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePop(origin.url())), "sjc")) {
                for (int i = 0; i < 2; i++) {
                    try (Response r = client.newCall(new Request.Builder()
                            .url("http://127.0.0.1:" + edge.httpAddress().getPort() + "/hello.txt?x=1")
                            .header("Host", "acme.cdn.test").build()).execute()) {
                        assertThat(r.body().string()).isEqualTo("hello");
                    }
                }
                org.awaitility.Awaitility.await().until(() -> lines.list.size() >= 2);
            }
        } finally {
            access.detachAppender(lines);
            access.setLevel(before);
        }
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(0).getFormattedMessage())
                .matches("\\S+Z 127\\.0\\.0\\.1 acme\\.cdn\\.test GET /hello\\.txt 200 5 MISS \\d+ \\d+ sjc");
        assertThat(lines.list.get(1).getFormattedMessage())
                .matches("\\S+Z 127\\.0\\.0\\.1 acme\\.cdn\\.test GET /hello\\.txt 200 5 HIT - \\d+ sjc");
    }

    @Test
    void reloadedConfigChangesRoutingWithoutRestart() throws Exception {
        ConfigHolder holder = new ConfigHolder(TestConfigs.onePop("http://127.0.0.1:9"));
        try (EdgeServer edge = EdgeServer.start(holder, "sjc")) {
            Request other = new Request.Builder().url("http://127.0.0.1:" + edge.httpAddress().getPort() + "/")
                    .header("Host", "other.cdn.test").build();
            try (Response r = client.newCall(other).execute()) {
                assertThat(r.code()).isEqualTo(404);
            }
            holder.reload(() -> TestConfigs.onePop("http://127.0.0.1:9",
                    "      - host: other.cdn.test\n        origins: [ { host: www.other.test, url: \"http://127.0.0.1:9\" } ]",
                    "{ memory: 1MB, maxObjectSize: 1KB }", "0s"));
            try (Response r = client.newCall(other).execute()) {
                assertThat(r.code()).as("now routed, to an origin that refuses").isEqualTo(502);
            }
        }
    }

    @Test
    void unknownPopIsRefused() {
        assertThatThrownBy(() -> EdgeServer.start(new ConfigHolder(TestConfigs.onePop("http://127.0.0.1:9")), "nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
