package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.tls.PemKeyPair;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** An origin reached over HTTPS is verified: a certificate nobody the JDK trusts vouches for is refused. */
class HttpsOriginTest {
    @Test
    void anOriginWithAnUntrustedCertificateIsNotFetched() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        PemKeyPair pair = PemKeyPair.read(certs.acme.certificate(), certs.acme.key());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("origin", pair.key(), new char[0], pair.chain().toArray(Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        try (MockWebServer origin = new MockWebServer()) {
            origin.useHttps(tls.getSocketFactory(), false);
            origin.enqueue(new MockResponse().setBody("must not be fetched"));
            origin.start();
            try (EdgeServer edge = EdgeServer.start(new ConfigHolder(TestConfigs.onePop(origin.url("/").toString())), "sjc")) {
                Curl.Result r = Curl.run("-i", "-H", "Host: acme.cdn.test",
                        "http://127.0.0.1:" + edge.httpAddress().getPort() + "/a.txt");
                assertThat(r.out()).startsWith("HTTP/1.1 502").doesNotContain("must not be fetched");
                assertThat(origin.getRequestCount()).isZero();
            }
        }
    }
}
