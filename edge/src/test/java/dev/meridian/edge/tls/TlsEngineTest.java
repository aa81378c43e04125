package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.core.tls.PemKeyPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which implementation runs the edge's TLS: BoringSSL wherever its native library loads (always under
 * CI, so a silent fallback fails the build), else the JDK's, and both choose certificates and protocols alike.
 */
class TlsEngineTest {
    /** What a TLS 1.3 record's length counts beyond the plaintext: AES-GCM's tag and the inner content type. */
    private static final int TLS13_RECORD_OVERHEAD = 16 + 1;

    @Test
    void boringSslServesWhereItsNativeLibraryLoads() throws Exception {
        requireBoringSsl();
        assertThat(tls(EdgeTls.Engine.BORINGSSL).engine()).isEqualTo(EdgeTls.Engine.BORINGSSL);
    }

    @Test
    void theHttpsListenerRunsBoringSslsSuites() throws Exception {
        requireBoringSsl();
        var certs = TlsEdge.Certificates.get();
        try (TlsEdge tls = new TlsEdge(certs.acme, certs.fallback, false)) {
            // The JDK would accept a CBC suite; BoringSSL is given AEAD suites only.
            Curl.Result cbc = Curl.run(tls.https(TlsEdge.HOST, "/cbc", "--tlsv1.2", "--tls-max", "1.2",
                    "--ciphers", "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA"));
            assertThat(cbc.exit()).as("CURLE_SSL_CONNECT_ERROR: " + cbc.err()).isEqualTo(35);
            Curl.Result gcm = Curl.run(tls.https(TlsEdge.HOST, "/gcm", "-v", "--tlsv1.2", "--tls-max", "1.2"));
            assertThat(gcm.err()).contains("SSL connection using TLSv1.2 / ECDHE-RSA-AES128-GCM-SHA256");
            assertThat(gcm.out()).isEqualTo("hello /gcm");
        }
    }

    @Test
    void withoutTheNativeLibraryTheJdkServes() throws Exception {
        EdgeTls tls = tls(EdgeTls.Engine.JSSE);
        assertThat(tls.engine()).isEqualTo(EdgeTls.Engine.JSSE);
        assertThat(tls.context().getProvider().getName()).isEqualTo("SunJSSE");
        assertThat(InMemoryTls.connect(tls.context(), TlsEdge.HOST).client.getApplicationProtocol()).isEqualTo("h2");
    }

    @ParameterizedTest
    @EnumSource(EdgeTls.Engine.class)
    void eitherEnginePicksTheCertificateBySniAndOffersH2OnTls12And13(EdgeTls.Engine engine) throws Exception {
        if (engine == EdgeTls.Engine.BORINGSSL) {
            requireBoringSsl();
        }
        var certs = TlsEdge.Certificates.get();
        EdgeTls tls = tls(engine);
        InMemoryTls acme = InMemoryTls.connect(tls.context(), TlsEdge.HOST);
        assertThat(acme.serverCertificate()).isEqualTo(PemKeyPair.read(certs.acme.certificate(), certs.acme.key()).leaf());
        assertThat(acme.client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(acme.client.getApplicationProtocol()).isEqualTo("h2");
        InMemoryTls other = InMemoryTls.connect(tls.context(), "other.cdn.test", "TLSv1.2");
        assertThat(other.serverCertificate()).isEqualTo(PemKeyPair.read(certs.fallback.certificate(), certs.fallback.key()).leaf());
        assertThat(other.client.getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(other.client.getApplicationProtocol()).isEqualTo("h2");
    }

    @Test
    void aGatheringWriteLeavesAsOneRecordOfAtMost16Kb() throws Exception {
        requireBoringSsl();
        InMemoryTls tls = InMemoryTls.connect(tls(EdgeTls.Engine.BORINGSSL).context(), TlsEdge.HOST);
        ByteBuffer wire = ByteBuffer.allocateDirect(1 << 17);
        // BoringSSL sends its TLS 1.3 session tickets ahead of the first write's record.
        tls.serverWrap(wire, ByteBuffer.wrap(new byte[] {'x'}));
        assertThat(tls.clientRead(wire)).containsExactly('x');
        wire.clear();
        ByteBuffer head = ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer body = ByteBuffer.allocateDirect(1024);
        int plain = head.remaining() + body.remaining();
        assertThat(tls.serverWrap(wire, head, body)).containsExactly(plain + TLS13_RECORD_OVERHEAD);
        assertThat(head.hasRemaining() || body.hasRemaining()).isFalse();
        assertThat(tls.clientRead(wire)).hasSize(plain).startsWith(Arrays.copyOf(head.array(), head.limit()));

        ByteBuffer[] frames = {ByteBuffer.allocate(10_000), ByteBuffer.allocate(10_000), ByteBuffer.allocate(100)};
        wire.clear();
        assertThat(tls.serverWrap(wire, frames)).containsExactly(CoalescingSslEngine.MAX_PLAINTEXT + TLS13_RECORD_OVERHEAD);
        assertThat(frames[0].remaining()).isZero();
        assertThat(frames[1].remaining()).as("only what the record carried is consumed").isEqualTo(20_000 - CoalescingSslEngine.MAX_PLAINTEXT);
        assertThat(frames[2].remaining()).isEqualTo(100);
    }

    private static EdgeTls tls(EdgeTls.Engine engine) throws Exception {
        var certs = TlsEdge.Certificates.get();
        Optional<Throwable> nativeUnavailable = engine == EdgeTls.Engine.JSSE
                ? Optional.of(new UnsatisfiedLinkError("no netty_tcnative_linux_x86_64 (as on a platform without a build)"))
                : BoringSsl.unavailable();
        return new EdgeTls(InMemoryTls.certificates(certs.acme, certs.fallback), nativeUnavailable, "sjc");
    }

    /** BoringSSL ships for Linux and macOS on x86-64 and arm64: CI has it, on every JDK it runs. */
    private static void requireBoringSsl() {
        Optional<Throwable> why = BoringSsl.unavailable();
        if (why.isPresent() && "true".equals(System.getenv("CI"))) {
            fail("BoringSSL (netty-tcnative) must serve TLS in CI: " + why.get());
        }
        Assumptions.assumeTrue(why.isEmpty(), () -> "BoringSSL is not available: " + why.orElseThrow());
    }
}
