package dev.meridian.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.OriginTlsConfig;
import dev.meridian.edge.tls.TestCa;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a connection to an origin has read, as HTTP sees it: the count that tells whether a response
 * began, and the idle time. Over TLS only decrypted bytes count, so an origin closing an idle https
 * connection (a close_notify alert) is no start of a response.
 */
class ConnectionReadsTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void countsWhatIsReadOneByteOrManyAtATimeButNotTheEnd() throws Exception {
        ConnectionReads reads = new ConnectionReads();
        InputStream in = reads.watch(new ByteArrayInputStream("HTTP/1.1".getBytes(StandardCharsets.US_ASCII)));

        assertThat(in.read()).isEqualTo('H');
        assertThat(reads.bytesRead()).isEqualTo(1);
        assertThat(in.read(new byte[3], 0, 3)).isEqualTo(3);
        assertThat(reads.bytesRead()).isEqualTo(4);
        assertThat(in.readAllBytes()).hasSize(4);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.read(new byte[3], 0, 3)).isEqualTo(-1);
        assertThat(reads.bytesRead()).isEqualTo(8);
    }

    @Test
    void onlyExchangesAfterTheFirstAreReuses() {
        ConnectionReads reads = new ConnectionReads();

        assertThat(reads.startExchange()).isFalse();
        assertThat(reads.startExchange()).isTrue();
        assertThat(reads.startExchange()).isTrue();
    }

    @Test
    void aConnectionIsIdleTooLongOnceItsLimitHasPassedSinceItsLastRead() throws Exception {
        ConnectionReads reads = new ConnectionReads();
        reads.idleLimit(MINUTE);
        reads.watch(new ByteArrayInputStream(new byte[1])).read();
        long now = System.nanoTime();

        assertThat(reads.idleTooLong(now)).isFalse();
        assertThat(reads.idleTooLong(now + MINUTE)).isTrue();
    }

    /**
     * Through the sockets OkHttp is given: the response's bytes count once decrypted; the origin then
     * closing the idle connection puts bytes beneath TLS (its close_notify) and none above.
     */
    @Test
    void overTlsOnlyTheDecryptedBytesCountAndACloseNotifyIsNone(@TempDir Path dir) throws Exception {
        TestCa ca = TestCa.create(dir);
        SSLContext serverTls = ca.issue("reads", "localhost", "EC").serverContext();
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
        CountDownLatch closeIdle = new CountDownLatch(1);
        ExecutorService peer = Executors.newSingleThreadExecutor();
        try (ServerSocket listener = serverTls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<?> served = peer.submit(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(response);
                    s.getOutputStream().flush();
                    closeIdle.await();
                }
                return null;
            });
            SSLContext clientTls = OriginTrust.of("localhost", new OriginTlsConfig(ca.caCertificate().toString(), true)).context();
            OriginSocket plain = (OriginSocket) OriginSocket.factory().createSocket();
            plain.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 5000);
            try (Socket socket = new OriginTlsSockets(clientTls.getSocketFactory())
                    .createSocket(plain, "localhost", listener.getLocalPort(), true)) {
                OriginTlsSocket tls = (OriginTlsSocket) socket;
                tls.setSoTimeout(10_000);
                InputStream in = tls.getInputStream();

                assertThat(in.readNBytes(response.length)).isEqualTo(response);
                assertThat(tls.reads().bytesRead()).isEqualTo(response.length);
                long beneath = plain.reads().bytesRead();

                closeIdle.countDown();
                served.get(10, TimeUnit.SECONDS);
                assertThat(in.read()).isEqualTo(-1);
                assertThat(plain.reads().bytesRead()).as("the close_notify, beneath TLS").isGreaterThan(beneath);
                assertThat(tls.reads().bytesRead()).as("no byte of a response").isEqualTo(response.length);
            }
        } finally {
            peer.shutdownNow();
        }
    }
}
