package dev.meridian.edge.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.core.concurrent.CountedRejections;
import dev.meridian.core.config.ImagingConfig;
import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.proxy.Outbound;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.XnioIoThread;

/** Stored HTML that is costly to inject (gzip) is copied on the injection pool, never on an I/O thread. */
class InjectionOffIoThreadTest {
    private static final String PAGE = "<!DOCTYPE html><html><body>" + "<p>line</p>\n".repeat(300) + "</body></html>";

    private final MeasurementScripts scripts = new MeasurementScripts(ImagingConfig.defaults());
    private final CountedRejections refused = new CountedRejections();
    private final ThreadPoolExecutor pool = HtmlInjection.newPool(1, 1, refused);
    private final List<Thread> copiers = new CopyOnWriteArrayList<>();
    private final List<Boolean> handledOnIoThread = new CopyOnWriteArrayList<>();
    private final HtmlInjection injection = new HtmlInjection(new HtmlRewriter(scripts), pool, () -> copiers.add(Thread.currentThread()));
    private final Map<String, CachedResponse> stored = new ConcurrentHashMap<>();
    private final OkHttpClient http = new OkHttpClient();
    private Undertow server;

    @BeforeEach
    void start() {
        // As the edge does: the stored response goes out through the injection, starting on the I/O thread.
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> {
            handledOnIoThread.add(ex.isInIoThread());
            injection.send(ex, stored.get(ex.getRequestPath()), CacheStatus.HIT, new Outbound.Next() {
                @Override
                public void send(CachedResponse response, CacheStatus status) {
                    if (ex.isInIoThread()) {
                        write(ex, response);
                    } else {
                        ex.getIoThread().execute(() -> write(ex, response));
                    }
                }

                @Override
                public void streaming(CacheStatus status) {
                }
            });
        }).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        pool.shutdownNow();
    }

    private static void write(HttpServerExchange ex, CachedResponse r) {
        ex.setStatusCode(r.status());
        for (int i = 0; i < r.headerCount(); i++) {
            ex.getResponseHeaders().add(r.headerName(i), r.headerValue(i));
        }
        ByteBuffer body = r.body();
        ex.setResponseContentLength(body.remaining());
        ex.getResponseSender().send(body);
    }

    private static CachedResponse html(byte[] body, String... headers) {
        List<HeaderField> fields = new ArrayList<>(List.of(new HeaderField("Content-Type", "text/html; charset=utf-8")));
        for (int i = 0; i < headers.length; i += 2) {
            fields.add(new HeaderField(headers[i], headers[i + 1]));
        }
        long now = System.currentTimeMillis();
        return new CachedResponse(200, fields, ByteBuffer.wrap(body), now, now, Duration.ZERO);
    }

    private byte[] get(String path) throws IOException {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        Request request = new Request.Builder().url("http://127.0.0.1:" + port + path).header("Accept-Encoding", "gzip").build();
        try (Response r = http.newCall(request).execute()) {
            assertThat(r.code()).isEqualTo(200);
            byte[] body = r.body().bytes();
            assertThat(Long.parseLong(r.header("Content-Length"))).isEqualTo(body.length);
            return body;
        }
    }

    @Test
    void gzipHtmlIsDecodedAndInjectedOnThePoolNotOnTheIoThread() throws IOException {
        stored.put("/page", html(HtmlInjectionTest.gzip(PAGE.getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip"));

        String page = new String(HtmlInjectionTest.gunzip(ByteBuffer.wrap(get("/page"))), StandardCharsets.UTF_8);

        assertThat(page).startsWith("<!DOCTYPE html>" + scripts.start()).endsWith("</script></body></html>");
        assertThat(handledOnIoThread).containsOnly(true);
        assertThat(copiers).hasSize(1);
        assertThat(copiers.get(0)).isNotInstanceOf(XnioIoThread.class);
        assertThat(copiers.get(0).getName()).startsWith("edge-inject-");
        // The copy is kept: the next request neither waits for nor makes another.
        get("/page");
        assertThat(copiers).hasSize(1);
    }

    @Test
    void aFullPoolSendsThePageAsStoredAndALaterRequestGetsTheScripts() throws Exception {
        byte[] gz = HtmlInjectionTest.gzip(PAGE.getBytes(StandardCharsets.UTF_8));
        stored.put("/page", html(gz, "Content-Encoding", "gzip"));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        pool.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        pool.execute(() -> {
        });

        assertThat(get("/page")).as("the origin's bytes, unchanged").isEqualTo(gz);
        assertThat(copiers).isEmpty();
        assertThat(refused.count()).as("counted for the metrics").isEqualTo(1);

        release.countDown();
        await().until(() -> pool.getActiveCount() == 0 && pool.getQueue().isEmpty());
        String page = new String(HtmlInjectionTest.gunzip(ByteBuffer.wrap(get("/page"))), StandardCharsets.UTF_8);
        assertThat(page).contains(scripts.start());
        assertThat(copiers).hasSize(1).allSatisfy(t -> assertThat(t).isNotInstanceOf(XnioIoThread.class));
    }
}
