package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An origin's {@code 103 Early Hints} reach the client through the edge over HTTP/1.1 (curl
 * {@code -i} prints interim responses before the final one), on requests that go to the origin
 * only: never stored nor replayed on a hit, and never part of the final response.
 */
class EarlyHintsTest {
    private static final String HOST = TlsEdge.HOST;
    private static final String LINK = "Link: " + EarlyHintsOrigin.HINT;

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

    /**
     * Undertow 2.3 ends an HTTP/2 stream with an out-of-band HEADERS frame, so the hints are not sent
     * there (see {@code InterimRelay}): what must hold is that the final response still arrives whole.
     */
    @Test
    void overHttp2TheFinalResponseArrivesWholeWithoutTheHints() throws Exception {
        int port = edge.httpsAddress().getPort();
        String[] curl = {"--cacert", TlsEdge.Certificates.get().ca.caCertificate().toString(),
            "--resolve", HOST + ":" + port + ":127.0.0.1", "--http2", "-i", "https://" + HOST + ":" + port + "/b.html"};
        Curl.Result miss = Curl.run(curl);
        assertThat(miss.exit()).as(miss.err()).isZero();
        assertThat(miss.out()).startsWith("HTTP/2 200").containsIgnoringCase("x-cache: MISS").doesNotContainIgnoringCase("link:")
                .endsWith("hello /b.html");
        assertThat(origin.requests()).isEqualTo(1);
    }
}
