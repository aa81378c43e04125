package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An origin's {@code 103 Early Hints} reach the client through the edge over HTTP/1.1 and HTTP/2
 * (curl {@code -i} prints interim responses before the final one), on requests that go to the origin
 * only: never stored nor replayed on a hit, and never part of the final response.
 */
class EarlyHintsTest {
    private static final String HOST = TlsEdge.HOST;
    private static final String LINK = "Link: " + EarlyHintsOrigin.HINT;
    private static final String SECOND_LINK = "Link: " + EarlyHintsOrigin.SECOND_HINT;

    private EarlyHintsOrigin origin;
    private EdgeServer edge;

    @BeforeEach
    void start() throws Exception {
        var certs = TlsEdge.Certificates.get();
        origin = new EarlyHintsOrigin();
        String edgeYaml = "{ http: 127.0.0.1:0, https: 127.0.0.1:0, admin: 127.0.0.1:0 }";
        edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePop(origin.url(), "        tls: " + TlsEdge.yaml(certs.acme),
                "{ memory: 64MB, maxObjectSize: 1MB }", "0s", edgeYaml)), "sjc");
    }

    @AfterEach
    void stop() throws Exception {
        edge.close();
        origin.close();
    }

    /** The interim part of curl's {@code -i} output (before the final status line), and the rest. */
    private static String[] split(String out, String finalStatus) {
        int at = out.indexOf(finalStatus);
        assertThat(at).as(out).isGreaterThanOrEqualTo(0);
        return new String[] {out.substring(0, at), out.substring(at)};
    }

    @Test
    void overHttp11TheHintsComeBeforeTheFinalResponseOnRequestsThatGoToTheOrigin() throws Exception {
        String url = "http://127.0.0.1:" + edge.httpAddress().getPort() + "/a.html";
        Curl.Result miss = Curl.run("-i", "-H", "Host: " + HOST, url);
        assertThat(miss.exit()).as(miss.err()).isZero();
        String[] parts = split(miss.out(), "HTTP/1.1 200");
        assertThat(parts[0]).startsWith("HTTP/1.1 103 Early Hints").contains(LINK).doesNotContain("Content-Length");
        assertThat(parts[1]).contains("X-Cache: MISS").doesNotContain("Link:").endsWith("hello /a.html");

        Curl.Result hit = Curl.run("-i", "-H", "Host: " + HOST, url);
        assertThat(hit.out()).startsWith("HTTP/1.1 200").contains("X-Cache: HIT").doesNotContain("Link:");

        // A request that passes the cache goes to the origin: it gets the hints too.
        Curl.Result pass = Curl.run("-i", "-H", "Host: " + HOST, "-d", "a=b", url);
        assertThat(split(pass.out(), "HTTP/1.1 200")[0]).startsWith("HTTP/1.1 103").contains(LINK);
        assertThat(pass.out()).contains("X-Cache: PASS");
        assertThat(origin.requests()).isEqualTo(2);
    }

    /** curl's arguments for HTTP/2 requests to the edge's HTTPS listener, on one connection. */
    private String[] http2(String... paths) throws Exception {
        int port = edge.httpsAddress().getPort();
        List<String> args = new ArrayList<>(List.of("--cacert", TlsEdge.Certificates.get().ca.caCertificate().toString(),
                "--resolve", HOST + ":" + port + ":127.0.0.1", "--http2", "-i"));
        for (String path : paths) {
            args.add("https://" + HOST + ":" + port + path);
        }
        return args.toArray(String[]::new);
    }

    /**
     * Over HTTP/2 the hints are a HEADERS frame of their own that leaves the stream open (curl ends a
     * stream's response at END_STREAM, and fails with error 92 on frames after it), followed by the
     * final response's on the same stream. Two misses and a hit on one connection: HPACK's dynamic
     * table, shared by every header block of the connection, stays in step with curl's.
     */
    @Test
    void overHttp2TheHintsAreAnInterimHeadersFrameOnTheStreamOfTheFinalResponse() throws Exception {
        Curl.Result run = Curl.run(http2("/b.html", "/c.html", "/b.html"));
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> responses = cut(run.out(), "hello /b.html", "hello /c.html", "hello /b.html");
        for (String miss : responses.subList(0, 2)) {
            String[] parts = split(miss, "HTTP/2 200");
            assertThat(parts[0]).startsWith("HTTP/2 103").containsIgnoringCase(LINK).containsIgnoringCase(SECOND_LINK)
                    .doesNotContainIgnoringCase("content-length");
            assertThat(parts[1]).containsIgnoringCase("x-cache: MISS").doesNotContainIgnoringCase("link:");
        }
        assertThat(responses.get(2)).startsWith("HTTP/2 200").containsIgnoringCase("x-cache: HIT")
                .doesNotContainIgnoringCase("link:");
        assertThat(origin.requests()).isEqualTo(2);
    }

    /**
     * A final response larger than HTTP/2's initial window needs the client's WINDOW_UPDATEs to reach
     * its stream: they would be dropped (and the download stall) had the interim HEADERS frame taken
     * the stream's place in Undertow's books.
     */
    @Test
    void overHttp2AFinalResponseBeyondTheFlowControlWindowFollowsTheHints() throws Exception {
        String big = "x".repeat(EarlyHintsOrigin.BIG_BODY);
        Curl.Result run = Curl.run(http2("/big/1", "/big/2"));
        assertThat(run.exit()).as(run.err()).isZero();
        for (String response : cut(run.out(), big, big)) {
            assertThat(split(response, "HTTP/2 200")[0]).startsWith("HTTP/2 103").containsIgnoringCase(SECOND_LINK);
        }
        assertThat(origin.requests()).isEqualTo(2);
    }

    /** curl's output cut after each of {@code bodies}, which it printed in this order and nothing after. */
    private static List<String> cut(String out, String... bodies) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (String body : bodies) {
            int at = out.indexOf(body, from);
            assertThat(at).as(out).isGreaterThanOrEqualTo(from);
            parts.add(out.substring(from, at + body.length()));
            from = at + body.length();
        }
        assertThat(from).as(out).isEqualTo(out.length());
        return parts;
    }
}
