package dev.meridian.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.AccessLogsConfig;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.uplink.logs.LogUploads;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {
    private static final long T = 1_796_677_534_123L; // 2026-12-07T21:05:34.123Z
    private final ObjectMapper json = new ObjectMapper();

    private static AccessLogLine.Request request(String path, String query, String referer, String userAgent) {
        return new AccessLogLine.Request(T, "sjc", "203.0.113.9", "GET", "acme.cdn.test", path, query, 200, 5120,
                CacheStatus.HIT, 3, -1, referer, userAgent);
    }

    @Test
    void writesEveryFieldAsJsonWithTheTimeFirst() throws Exception {
        String line = AccessLogLine.format(request("/a.jpg", "w=500", "https://acme.test/", "curl/8"), new LogTime());

        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThat(LogUploads.timeOf(bytes, 0, bytes.length)).isEqualTo("2026-12-07T21:05:34.123Z");
        JsonNode n = json.readTree(line);
        assertThat(n.get("pop").asText()).isEqualTo("sjc");
        assertThat(n.get("client").asText()).isEqualTo("203.0.113.9");
        assertThat(n.get("method").asText()).isEqualTo("GET");
        assertThat(n.get("host").asText()).isEqualTo("acme.cdn.test");
        assertThat(n.get("path").asText()).isEqualTo("/a.jpg");
        assertThat(n.get("query").asText()).isEqualTo("w=500");
        assertThat(n.get("status").asInt()).isEqualTo(200);
        assertThat(n.get("bytes").asLong()).isEqualTo(5120);
        assertThat(n.get("cache").asText()).isEqualTo("HIT");
        assertThat(n.get("ms").asLong()).isEqualTo(3);
        assertThat(n.get("originMs").isNull()).isTrue();
        assertThat(n.get("referer").asText()).isEqualTo("https://acme.test/");
        assertThat(n.get("userAgent").asText()).isEqualTo("curl/8");
    }

    @Test
    void hostileHeaderValuesStayInsideTheirStringOnOneLine() throws Exception {
        String forged = "x\"}\n{\"time\":\"2020-01-01T00:00:00.000Z\",\"pop\":\"evil\"}\r\n";
        String separators = "a\u2028b\u2029c\u0085d\u0000e\u007f\\\t";

        String line = AccessLogLine.format(request("/p\"\\", "q=\n", forged, separators), new LogTime());

        assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085", "\u0000", "\u007f");
        JsonNode n = json.readTree(line);
        assertThat(n.get("referer").asText()).isEqualTo(forged);
        assertThat(n.get("userAgent").asText()).isEqualTo(separators);
        assertThat(n.get("path").asText()).isEqualTo("/p\"\\");
        assertThat(n.get("pop").asText()).isEqualTo("sjc");
        assertThat(n.size()).as("no field added by the forgery").isEqualTo(14);
    }

    @Test
    void absentHeadersAreNullAndLongValuesAreCutToABoundedLine() throws Exception {
        String huge = "\n".repeat(100_000);

        String line = AccessLogLine.format(request(huge, huge, huge, null), new LogTime());

        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(AccessLogsConfig.MAX_LINE_BYTES);
        JsonNode n = json.readTree(line);
        assertThat(n.get("userAgent").isNull()).isTrue();
        assertThat(n.get("referer").asText()).startsWith("\n\n").hasSizeLessThanOrEqualTo(AccessLogLine.MAX_REFERER);
    }
}
