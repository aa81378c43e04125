package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.core.config.ConfigError;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An origin reached over HTTPS is verified: a certificate nobody the JDK trusts vouches for is refused,
 * unless the origin names the CA that issued it ({@code tls: { ca: ... }}), which then vouches for this
 * origin alone. Its interim responses are passed on as a plain origin's are.
 */
class HttpsOriginTest {
    @TempDir
    Path dir;

    /** Status and body of a request for /a.txt through an edge in front of an https origin on loopback. */
    private static String fetchThroughEdge(TestCa.Issued originCertificate, Function<String, MeridianConfig> config) throws Exception {
        OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        try (MockWebServer origin = new MockWebServer()) {
            origin.useHttps(originCertificate.serverContext().getSocketFactory(), false);
            origin.enqueue(new MockResponse().setBody("from the origin"));
            origin.start();
            try (EdgeServer edge = EdgeServer.start(new ConfigHolder(config.apply("https://localhost:" + origin.getPort() + "/")), "sjc");
                 Response r = client.newCall(new Request.Builder().header("Host", "acme.cdn.test")
                         .url("http://127.0.0.1:" + edge.httpAddress().getPort() + "/a.txt").build()).execute()) {
                return r.code() + " " + r.body().string();
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void anOriginWithAnUntrustedCertificateIsNotFetched() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        TestCa.Issued localhost = certs.ca.issue("origin-untrusted", "localhost", "EC");

        String answer = fetchThroughEdge(localhost, TestConfigs::onePop);

        assertThat(answer).startsWith("502").doesNotContain("from the origin");
    }

    @Test
    void anOriginNamingItsCaIsVerifiedAgainstIt() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        TestCa.Issued localhost = certs.ca.issue("origin-trusted", "localhost", "EC");
        String ca = certs.ca.caCertificate().toString();

        assertThat(fetchThroughEdge(localhost, url -> TestConfigs.onePopWithOriginFields(url, "tls: { ca: \"" + ca + "\" }")))
                .isEqualTo("200 from the origin");
        assertThat(fetchThroughEdge(localhost,
                url -> TestConfigs.onePopWithOriginFields(url, "tls: { ca: \"" + ca + "\", caOnly: true }")))
                .isEqualTo("200 from the origin");
    }

    @Test
    void theCaDoesNotStopHostNameVerification() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        TestCa.Issued otherName = certs.ca.issue("origin-other-name", "origin.example", "EC");
        String ca = certs.ca.caCertificate().toString();

        String answer = fetchThroughEdge(otherName, url -> TestConfigs.onePopWithOriginFields(url, "tls: { ca: \"" + ca + "\" }"));

        assertThat(answer).startsWith("502").doesNotContain("from the origin");
    }

    /**
     * An https origin's {@code 103 Early Hints}, read above TLS, reach the client before the final
     * response, for each of two requests that share one pooled connection to the origin.
     */
    @Test
    void anHttpsOriginsEarlyHintsReachTheClient() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        TestCa.Issued localhost = certs.ca.issue("origin-hints", "localhost", "EC");
        String ca = certs.ca.caCertificate().toString();
        try (EarlyHintsOrigin origin = new EarlyHintsOrigin(localhost.serverContext());
             EdgeServer edge = EdgeServer.start(new ConfigHolder(
                     TestConfigs.onePopWithOriginFields(origin.url(), "tls: { ca: \"" + ca + "\" }")), "sjc")) {
            String url = "http://127.0.0.1:" + edge.httpAddress().getPort();
            Curl.Result run = Curl.run("-i", "-H", "Host: acme.cdn.test", url + "/a.html", url + "/b.html");
            assertThat(run.exit()).as(run.err()).isZero();
            String[] responses = run.out().split("(?<=hello /a\\.html)");
            assertThat(responses).hasSize(2);
            for (String response : responses) {
                int last = response.indexOf("HTTP/1.1 200");
                assertThat(last).as(run.out()).isPositive();
                assertThat(response.substring(0, last)).startsWith("HTTP/1.1 103 Early Hints")
                        .contains("Link: " + EarlyHintsOrigin.HINT);
                assertThat(response.substring(last)).doesNotContain("Link:");
            }
            assertThat(run.out()).endsWith("hello /b.html");
            assertThat(origin.requests()).isEqualTo(2);
        }
    }

    @Test
    void theCaBundleIsCheckedWhenTheConfigIsLoaded() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        String at = "customers[0].properties[0].origins[0].tls";

        assertThat(errors("https://localhost:1/", "tls: { ca: \"" + dir.resolve("missing.pem") + "\" }")).singleElement()
                .asString().startsWith(at + ".ca: cannot read " + dir.resolve("missing.pem"));
        assertThat(errors("https://localhost:1/", "tls: { ca: \"" + notPem + "\" }"))
                .containsExactly(at + ".ca: no PEM CERTIFICATE block in " + notPem);
        assertThat(errors("https://localhost:1/", "tls: { caOnly: true }")).containsExactly(at + ".ca: required");
        assertThat(errors("http://localhost:1/", "tls: { ca: \"" + certs.ca.caCertificate() + "\" }"))
                .containsExactly(at + ": the origin is reached over http: a CA is for https origins");
    }

    private static List<String> errors(String originUrl, String originFields) {
        IllegalStateException e = catchThrowableOfType(() -> TestConfigs.onePopWithOriginFields(originUrl, originFields),
                IllegalStateException.class);
        return e == null ? List.of() : ((ConfigException) e.getCause()).errors().stream().map(ConfigError::toString).toList();
    }
}
