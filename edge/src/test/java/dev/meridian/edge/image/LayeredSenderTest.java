package dev.meridian.edge.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.imaging.EncodedRendition;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.RenditionSpec;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.Options;

/** Layered delivery narrows the send buffer for its own response only, not for the rest of a keep-alive connection. */
class LayeredSenderTest {
    private static final int LARGE = 4 * 1024 * 1024;

    private final List<Integer> beforeLayered = new CopyOnWriteArrayList<>();
    private final List<Integer> whileLayered = new CopyOnWriteArrayList<>();
    private StoredRendition rendition;
    private Undertow server;

    @BeforeEach
    void start() throws Exception {
        EncodedRendition r = Imaging.withDefaults().render(TestImages.jpeg(800, 600, 3), RenditionSpec.width(800, 80).withProgressive(true));
        // Rendered 30 s ago: its Age says so, as a whole rendition's would.
        long renderedAt = System.currentTimeMillis() - 30_000;
        rendition = new StoredRendition(new CachedResponse(200, List.of(new HeaderField("Content-Type", "image/jpeg")),
                ByteBuffer.wrap(r.bytes()), renderedAt, renderedAt, Duration.ZERO), r.layers(), r.width(), r.height());
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("X-Client-Port"), ex.getSourceAddress().getPort());
            if (ex.getRequestPath().equals("/layered")) {
                beforeLayered.add(sendBuffer(ex));
                // What the image goes out with, seen as its first bytes are written.
                ex.addResponseCommitListener(committed -> whileLayered.add(sendBuffer(committed)));
                LayeredSender.send(ex, rendition, Duration.ofSeconds(10));
            } else {
                // A large plain response, reporting the send buffer it goes out with.
                ex.getResponseHeaders().put(HttpString.tryFromString("X-Send-Buffer"), sendBuffer(ex));
                ex.getResponseSender().send(ByteBuffer.allocate(LARGE));
            }
        }).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static int sendBuffer(HttpServerExchange ex) {
        try {
            return ex.getConnection().getOption(Options.SEND_BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aLargeResponseAfterALayeredImageOnTheSameConnectionGetsTheConnectionsOwnSendBufferBack() throws IOException {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        OkHttpClient client = new OkHttpClient.Builder().connectionPool(new ConnectionPool()).build();
        try {
            Response before = get(client, port, "/large");
            Response layered = get(client, port, "/layered");
            Response after = get(client, port, "/large");

            assertThat(Integer.parseInt(layered.header("Age"))).isBetween(30, 40);
            assertThat(List.of(layered.header("X-Client-Port"), after.header("X-Client-Port"))).as("one keep-alive connection")
                    .containsOnly(before.header("X-Client-Port"));
            int original = beforeLayered.get(0);
            assertThat(original).as("the connection's own send buffer").isGreaterThan(2 * LayeredSender.SEND_BUFFER);
            // Linux keeps (and reports) twice the size asked for.
            assertThat(whileLayered).singleElement().satisfies(b -> assertThat(b).isLessThanOrEqualTo(2 * LayeredSender.SEND_BUFFER));
            assertThat(Integer.parseInt(after.header("X-Send-Buffer"))).as("after the image").isEqualTo(Math.min(original, settable()));
        } finally {
            client.connectionPool().evictAll();
        }
    }

    /**
     * The largest send buffer a program can set, as the kernel reports it: the kernel may have grown
     * a connection's own beyond it (on Linux, past net.core.wmem_max).
     */
    private static int settable() throws IOException {
        try (Socket probe = new Socket()) {
            probe.setSendBufferSize(Integer.MAX_VALUE / 4);
            return probe.getSendBufferSize();
        }
    }

    private static Response get(OkHttpClient client, int port, String path) throws IOException {
        try (Response r = client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + path).build()).execute()) {
            byte[] body = r.body().bytes();
            assertThat(r.code()).isEqualTo(200);
            if (path.equals("/layered")) {
                assertThat(TestImages.decode(body).getWidth()).isEqualTo(800);
            } else {
                assertThat(body).hasSize(LARGE);
            }
            return r;
        }
    }
}
