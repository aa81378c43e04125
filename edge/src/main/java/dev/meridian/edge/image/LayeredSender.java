package dev.meridian.edge.image;

import dev.meridian.imaging.layers.ProgressiveLayers;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.xnio.IoUtils;
import org.xnio.Options;

/**
 * Layered delivery: streams a progressive JPEG scan by scan and, once the time budget is spent, ends
 * the image (EOI) after the scan in flight. The first scan always goes. The response is chunked
 * since its length depends on the client. Non-blocking: each scan is written when the last one has
 * left, so a slow client's backpressure is what spends the budget.
 */
final class LayeredSender {
    /**
     * A small socket send buffer, so that "written" means close to "on its way to the client" rather
     * than "parked in a large kernel buffer" (which would hide a slow client from the budget).
     */
    static final int SEND_BUFFER = 16 * 1024;

    private LayeredSender() {
    }

    static void send(HttpServerExchange ex, StoredRendition r, Duration budget) {
        narrowSendBuffer(ex);
        ex.setStatusCode(r.response().status());
        HeaderMap out = ex.getResponseHeaders();
        for (int i = 0; i < r.response().clientHeaderCount(); i++) {
            HttpString name = r.response().headerName(i);
            // What goes out may be cut short, so it must not share the whole rendition's validators: a
            // client would revalidate its cut copy into a 304, or splice whole-rendition bytes onto it
            // with If-Range.
            if (!name.equals(Headers.ETAG) && !name.equals(Headers.LAST_MODIFIED)) {
                out.add(name, r.response().headerValue(i));
            }
        }
        // The rendition's own age, as for a whole one: its max-age counts from when it was rendered.
        out.put(Headers.AGE, r.response().ageSeconds(System.currentTimeMillis()));
        ProgressiveLayers layers = r.layers();
        long deadline = System.nanoTime() + budget.toNanos();
        Sender sender = ex.getResponseSender();
        sender.send(new ByteBuffer[] {layers.header(), layers.layer(0)}, new Next(layers, 1, deadline));
    }

    /**
     * Narrows the connection's send buffer for this response only: when the exchange ends (all
     * scans sent, cut off by the budget, or failed) the connection gets its previous size back, so
     * later responses on a keep-alive connection are not held to the small buffer. (The kernel's
     * own tuning of the buffer, which setting it turns off, does not come back; the size does, up
     * to the largest a program may set: net.core.wmem_max on Linux.)
     */
    private static void narrowSendBuffer(HttpServerExchange ex) {
        ServerConnection connection = ex.getConnection();
        try {
            Integer previous = connection.getOption(Options.SEND_BUFFER);
            if (previous == null || previous <= SEND_BUFFER) {
                return;
            }
            connection.setOption(Options.SEND_BUFFER, SEND_BUFFER);
            // Some kernels (Linux) keep, and report, a multiple of the size asked for: ask for the
            // size that reads back as the previous one.
            Integer narrowed = connection.getOption(Options.SEND_BUFFER);
            double reported = narrowed == null || narrowed <= 0 ? 1 : narrowed / (double) SEND_BUFFER;
            int restore = (int) Math.round(previous / reported);
            ex.addExchangeCompleteListener((done, next) -> {
                try {
                    connection.setOption(Options.SEND_BUFFER, restore);
                } catch (IOException | RuntimeException ignored) {
                    // The connection is gone, or keeps the small buffer: later responses are slower, not wrong.
                }
                next.proceed();
            });
        } catch (IOException | RuntimeException ignored) {
            // A bigger buffer only makes the budget generous; the image is still right.
        }
    }

    private static final class Next implements IoCallback {
        private final ProgressiveLayers layers;
        private final int index;
        private final long deadline;

        Next(ProgressiveLayers layers, int index, long deadline) {
            this.layers = layers;
            this.index = index;
            this.deadline = deadline;
        }

        @Override
        public void onComplete(HttpServerExchange ex, Sender sender) {
            if (index < layers.count() && System.nanoTime() < deadline) {
                sender.send(layers.layer(index), new Next(layers, index + 1, deadline));
            } else {
                sender.send(ProgressiveLayers.endOfImage(), IoCallback.END_EXCHANGE);
            }
        }

        @Override
        public void onException(HttpServerExchange ex, Sender sender, IOException exception) {
            IoUtils.safeClose(ex.getConnection());
        }
    }
}
