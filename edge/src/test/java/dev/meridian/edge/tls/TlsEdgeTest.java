package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.tls.PemKeyPair;
import dev.meridian.edge.AccessLogCapture;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The edge's HTTPS listener through curl: SNI, TLS versions, HTTP/2 by ALPN, redirects and reloads. */
class TlsEdgeTest {
    private static final String HOST = TlsEdge.HOST;

    @Test
    void http2ByAlpnServesFromTheCacheWithTheEdgesHeadersAndAccessLog() throws Exception {
        var certs = TlsEdge.Certificates.get();
        List<String> lines;
        try (AccessLogCapture access = new AccessLogCapture(); TlsEdge tls = new TlsEdge(certs.acme, certs.fallback, false)) {
            // --cacert and no -k: the handshake only succeeds with the property's own certificate (SNI).
            Curl.Result miss = Curl.run(tls.https(HOST, "/hello.txt?x=1", "--http2", "-i"));
            Curl.Result hit = Curl.run(tls.https(HOST, "/hello.txt?x=1", "--http2", "-i"));
            assertThat(miss.exit()).as(miss.err()).isZero();
            assertThat(miss.out()).startsWith("HTTP/2 200").contains("x-cache: MISS").endsWith("hello /hello.txt?x=1");
            assertThat(hit.out()).startsWith("HTTP/2 200").contains("x-cache: HIT", "age: ").endsWith("hello /hello.txt?x=1");
            assertThat(tls.origin.getRequestCount()).isEqualTo(1);
            Awaitility.await().until(() -> access.lines().size() >= 2);
            lines = access.lines();
        }
        assertThat(lines.get(1))
                .as("the property came from HTTP/2's :authority")
                .matches("\\S+Z 127\\.0\\.0\\.1 acme\\.cdn\\.test GET /hello\\.txt 200 20 HIT - \\d+ sjc");
    }

    @Test
    void unknownOrMissingSniGetsTheDefaultCertificate() throws Exception {
        var certs = TlsEdge.Certificates.get();
        try (TlsEdge tls = new TlsEdge(certs.acme, certs.fallback, false)) {
            Curl.Result unknown = Curl.run(tls.https("other.cdn.test", "/", "-k", "-v"));
            assertThat(unknown.err()).contains("subject: OU=fallback; CN=default.cdn.test");
            assertThat(unknown.out()).contains("no property is configured for host 'other.cdn.test'");
            // An IP address in the URL: curl sends no SNI at all.
            Curl.Result none = Curl.run("-k", "-v", "-H", "Host: " + HOST, "https://127.0.0.1:" + tls.httpsPort() + "/a");
            assertThat(none.err()).contains("subject: OU=fallback; CN=default.cdn.test");
            assertThat(none.out()).isEqualTo("hello /a");
        }
    }

    @Test
    void withoutADefaultAnUnknownSniFailsTheHandshakeAndOthersAreServed() throws Exception {
        var certs = TlsEdge.Certificates.get();
        try (TlsEdge tls = new TlsEdge(certs.acme, null, false)) {
            Curl.Result unknown = Curl.run(tls.https("other.cdn.test", "/", "-k"));
            assertThat(unknown.exit()).as("CURLE_SSL_CONNECT_ERROR: " + unknown.err()).isEqualTo(35);
            assertThat(Curl.run(tls.https(HOST, "/b")).out()).isEqualTo("hello /b");
        }
    }

    @Test
    void tls12AndTls13BothNegotiateWithHttp2() throws Exception {
        var certs = TlsEdge.Certificates.get();
        try (TlsEdge tls = new TlsEdge(certs.acme, certs.fallback, false)) {
            Curl.Result v12 = Curl.run(tls.https(HOST, "/c", "--http2", "-v", "--tlsv1.2", "--tls-max", "1.2"));
            // Offering TLS 1.2's suites too, as browsers do: Undertow 2.3.18 answers a client that offers only
            // TLS 1.3's with HTTP/1.1 (its ALPN check wants TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 offered).
            Curl.Result v13 = Curl.run(tls.https(HOST, "/c", "--http2", "-v", "--tls-max", "1.3"));
            assertThat(v12.err()).contains("SSL connection using TLSv1.2", "ALPN: server accepted h2");
            assertThat(v13.err()).contains("SSL connection using TLSv1.3", "ALPN: server accepted h2");
            assertThat(v12.out()).isEqualTo("hello /c");
            assertThat(v13.out()).isEqualTo("hello /c");
        }
    }

    @Test
    void plainHttpRedirectsToTheSameUrlOverHttps() throws Exception {
        var certs = TlsEdge.Certificates.get();
        try (TlsEdge tls = new TlsEdge(certs.acme, certs.fallback, true)) {
            String plain = "http://127.0.0.1:" + tls.edge.httpAddress().getPort() + "/d/e.txt?x=1&y=%20";
            Curl.Result get = Curl.run("-i", "-H", "Host: " + HOST, plain);
            assertThat(get.out()).startsWith("HTTP/1.1 301")
                    .contains("Location: https://acme.cdn.test:" + tls.httpsPort() + "/d/e.txt?x=1&y=%20");
            Curl.Result post = Curl.run("-i", "-H", "Host: " + HOST, "-d", "a=b", plain);
            assertThat(post.out()).startsWith("HTTP/1.1 308");
            assertThat(Curl.run(tls.https(HOST, "/d/e.txt")).out()).as("no redirect over HTTPS").isEqualTo("hello /d/e.txt");
            InetSocketAddress admin = tls.edge.adminAddress();
            Curl.Result health = Curl.run("-i", "-H", "Host: " + HOST, "http://127.0.0.1:" + admin.getPort() + "/healthz");
            assertThat(health.out()).as("never the admin listener").startsWith("HTTP/1.1 200");
            assertThat(tls.origin.getRequestCount()).as("redirects never reach the origin").isEqualTo(1);
        }
    }

    @Test
    void reloadSwapsTheCertificateWhileAnOpenHttp2ConnectionKeepsServing() throws Exception {
        var certs = TlsEdge.Certificates.get();
        try (TlsEdge tls = new TlsEdge(certs.acme, certs.fallback, false);
             RawHttp2 open = new RawHttp2(tls.edge.httpsAddress(), HOST)) {
            assertThat(open.fetch(1, HOST, "/one")).isEqualTo("hello /one");
            X509Certificate acme = PemKeyPair.read(certs.acme.certificate(), certs.acme.key()).leaf();
            assertThat(open.peerCertificate()).isEqualTo(acme);

            tls.config.reload(() -> tls.config(certs.acmeRenewed, certs.fallback, false));

            Curl.Result fresh = Curl.run(tls.https(HOST, "/two", "-v"));
            assertThat(fresh.exit()).as(fresh.err()).isZero();
            assertThat(fresh.err()).contains("subject: OU=acme-renewed; CN=acme.cdn.test");
            assertThat(open.fetch(3, HOST, "/three")).as("the open connection still serves").isEqualTo("hello /three");
            assertThat(open.peerCertificate()).isEqualTo(acme);
        }
    }
}
