package dev.meridian.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.TestConfigs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A GET (or HEAD) with a body goes to the origin whole and is never cached, or is refused where the
 * property says so; a length never reaches the origin without its body. Sent over raw sockets, since
 * HTTP clients will not send such requests.
 */
class GetWithBodyTest {
    private static final String QUERY = "{\"query\":{\"match\":{\"title\":\"shoes\"}}}";

    private IdleClosingOrigin origin;
    private EdgeFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    /** An edge in front of a raw origin (MockWebServer refuses a GET with a body). */
    private void start(String propertyYaml) throws IOException {
        origin = new IdleClosingOrigin(0, null);
        f = new EdgeFixture(url -> TestConfigs.onePop(origin.url(), propertyYaml, "{ memory: 64MB, maxObjectSize: 1MB }", "0s"));
    }

    @Test
    void aGetWithABodyReachesTheOriginWholeAndIsNeverCached() throws Exception {
        start("");
        origin.extraFields = "Cache-Control: max-age=60\r\n";
        String answer = "GET /_search " + QUERY.length() + " " + QUERY;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            Raw r = send("GET", "/_search", "Content-Length: " + QUERY.length(), QUERY);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(answer);
            assertThat(r.head()).contains("X-Cache: PASS");
            // Well inside the origin's 1 s read timeout, which a request with a length and no body would wait out.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(900));
        }
        assertThat(origin.receivedFor("/_search")).hasSize(2);

        // A GET without a body is cached as usual, and a GET with one is never answered from that copy.
        assertThat(f.fetch("/_search").cache()).isEqualTo("MISS");
        assertThat(f.fetch("/_search").cache()).isEqualTo("HIT");
        assertThat(send("GET", "/_search", "Content-Length: " + QUERY.length(), QUERY).body()).isEqualTo(answer);
        assertThat(origin.receivedFor("/_search")).containsExactly(
                "GET /_search " + QUERY.length(), "GET /_search " + QUERY.length(), "GET /_search 0",
                "GET /_search " + QUERY.length());
    }

    @Test
    void aChunkedGetBodyAndAChunkedAnswerGoThroughWhole() throws Exception {
        start("");
        origin.chunkedResponses = true;
        Raw r = send("GET", "/_search", "Transfer-Encoding: chunked",
                Integer.toHexString(QUERY.length()) + "\r\n" + QUERY + "\r\n0\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("GET /_search " + QUERY.length() + " " + QUERY);
    }

    @Test
    void aHeadWithABodyGetsTheHeadOnly() throws Exception {
        start("");
        Raw r = send("HEAD", "/_search", "Content-Length: " + QUERY.length(), QUERY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(origin.receivedFor("/_search")).containsExactly("HEAD /_search " + QUERY.length());
    }

    @Test
    void aPropertyCanRefuseThem() throws Exception {
        start("        getWithBody: refuse");
        Raw r = send("GET", "/_search", "Content-Length: " + QUERY.length(), QUERY);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("with a body is refused");
        assertThat(origin.received).isEmpty();
        assertThat(f.fetch("/_search").code()).isEqualTo(200);
    }

    private record Raw(int status, String head, String body) {
    }

    /** One request on its own connection ({@code Connection: close}); the response read to the end. */
    private Raw send(String method, String path, String framing, String body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.edge.httpAddress().getPort())) {
            s.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: acme.cdn.test\r\n" + framing
                    + "\r\nConnection: close\r\n\r\n" + body;
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            String head = all.substring(0, end);
            String rest = all.substring(end + 4);
            return new Raw(Integer.parseInt(head.substring(9, 12)), head,
                    head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? dechunk(rest) : rest);
        }
    }

    private static String dechunk(String chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(chunked.getBytes(StandardCharsets.UTF_8));
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                size.append((char) c);
            }
            int n = Integer.parseInt(size.toString().trim(), 16);
            if (n == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
