package dev.meridian.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The edge only ever fetches from origins the config names. A bystander server on loopback stands in
 * for any other host: whatever a client asks, it must never receive a connection from the edge.
 */
class OpenProxyTest {
    private static CdnFixture cdn;
    private static ServerSocket bystander;
    private static final AtomicInteger bystanderConnections = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        cdn = CdnFixture.start();
        bystander = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!bystander.isClosed()) {
                try {
                    bystander.accept().close();
                    bystanderConnections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "bystander");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stop() throws IOException {
        bystander.close();
        cdn.close();
    }

    private static String bystanderHost() {
        return "127.0.0.1:" + bystander.getLocalPort();
    }

    @Test
    void anUnknownHostIsRefusedWithAClearBody() {
        var refused = cdn.fetch("/secret", "Host", bystanderHost());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body()).isNotBlank();
        var other = cdn.fetch("/", "Host", "evil.example");
        assertThat(other.status()).isEqualTo(404);
        assertThat(bystanderConnections).hasValue(0);
    }

    @Test
    void anAbsoluteFormRequestForAnotherHostIsNotProxied() throws IOException {
        String answer = rawExchange("GET http://" + bystanderHost() + "/secret HTTP/1.1\r\nHost: " + bystanderHost()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 4");
        assertThat(bystanderConnections).hasValue(0);
    }

    @Test
    void anOriginInThePathIsHonouredOnlyWhenThePropertyNamesIt() {
        var named = cdn.fetch("/" + CdnFixture.ORIGIN_HOST + "/lab/in-path?cc=max-age%3D60");
        assertThat(named.status()).isEqualTo(200);
        assertThat(named.body()).startsWith("lab /lab/in-path ");
        assertThat(cdn.origin.requestCount("/lab/in-path")).isEqualTo(1);

        cdn.fetch("/" + bystanderHost() + "/secret");
        cdn.fetch("/evil.example/secret");
        assertThat(bystanderConnections).hasValue(0);
    }

    @Test
    void garbageRequestsGet400AndTheEdgeKeepsServing() throws IOException {
        String answer = rawExchange("NOT-HTTP \u0001\u0002 garbage\r\n\r\n");
        assertThat(answer).satisfiesAnyOf(a -> assertThat(a).startsWith("HTTP/1.1 400"), a -> assertThat(a).isEmpty());
        assertThat(cdn.fetch("/health").status()).isEqualTo(200);
    }

    private static String rawExchange(String request) throws IOException {
        try (Socket s = new Socket(cdn.edge.httpAddress().getAddress(), cdn.edge.httpAddress().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
