package dev.meridian.edge.tls;

import static dev.meridian.edge.tls.RawHttp2.CONTINUATION;
import static dev.meridian.edge.tls.RawHttp2.END_HEADERS;
import static dev.meridian.edge.tls.RawHttp2.END_STREAM;
import static dev.meridian.edge.tls.RawHttp2.HEADERS;
import static dev.meridian.edge.tls.RawHttp2.RST_STREAM;
import static dev.meridian.edge.tls.RawHttp2.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The known HTTP/2 denial-of-service patterns, each sent by hand over TLS: the attacking connection
 * is closed (or, for the settings flood, no longer read), and a client already connected as well as a
 * new one keep being served meanwhile.
 */
class Http2FloodTest {
    /**
     * Each attacker on a thread of its own: it blocks writing into a connection the edge stopped reading,
     * and on Java 25 the common pool (one thread on 2 cores) would then run nothing else.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "http2-attacker").start();

    private static final String HOST = TlsEdge.HOST;
    private static final int ENHANCE_YOUR_CALM = 0xb;
    private static final int PROTOCOL_ERROR = 0x1;
    /** What {@link RawHttp2#awaitGoAway()} answers when the server reset the connection before its GOAWAY could be read. */
    private static final int RESET = -1;

    @Test
    void rapidResetClosesTheConnection() throws Exception {
        try (TlsEdge tls = edge(); RawHttp2 bystander = new RawHttp2(tls.edge.httpsAddress(), HOST);
             RawHttp2 attacker = new RawHttp2(tls.edge.httpsAddress(), HOST)) {
            assertThat(bystander.fetch(1, HOST, "/warm")).isEqualTo("hello /warm");
            CompletableFuture<Void> attack = CompletableFuture.runAsync(() -> {
                try {
                    // CVE-2023-44487: open a stream and cancel it at once, over and over.
                    for (int stream = 1; stream < 20_000; stream += 2) {
                        attacker.frame(HEADERS, END_STREAM | END_HEADERS, stream, RawHttp2.get(HOST, "/warm"));
                        attacker.frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 0x8});
                    }
                } catch (IOException closedByTheServer) {
                    // Expected once the edge has had enough.
                }
            }, OWN_THREAD);
            assertServedMeanwhile(tls, bystander, 3);
            assertThat(attacker.awaitGoAway()).isIn(ENHANCE_YOUR_CALM, RESET);
            attack.join();
            assertServedMeanwhile(tls, bystander, 5);
        }
    }

    @Test
    void continuationFloodClosesTheConnection() throws Exception {
        try (TlsEdge tls = edge(); RawHttp2 bystander = new RawHttp2(tls.edge.httpsAddress(), HOST);
             RawHttp2 attacker = new RawHttp2(tls.edge.httpsAddress(), HOST)) {
            byte[] filler = RawHttp2.header("x-filler", "a".repeat(4000));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> attack = CompletableFuture.runAsync(() -> {
                try {
                    // A header block that never ends: CONTINUATION after CONTINUATION, no END_HEADERS.
                    attacker.frame(HEADERS, END_STREAM, 1, RawHttp2.get(HOST, "/never"));
                    for (int i = 0; i < 16_384; i++) {
                        attacker.frame(CONTINUATION, 0, 1, filler);
                        sent.addAndGet(filler.length);
                    }
                } catch (IOException closedByTheServer) {
                    // Expected once the header list outgrows the edge's bound.
                }
            }, OWN_THREAD);
            assertServedMeanwhile(tls, bystander, 1);
            assertThat(attacker.awaitGoAway()).isIn(PROTOCOL_ERROR, RESET);
            attack.join();
            assertThat(sent.get()).as("stopped long before the 64 MB the attacker meant to send").isLessThan(16_384L * 4000);
            assertServedMeanwhile(tls, bystander, 3);
        }
    }

    @Test
    void settingsFloodIsNoLongerReadWhileOthersAreServed() throws Exception {
        try (TlsEdge tls = edge(); RawHttp2 bystander = new RawHttp2(tls.edge.httpsAddress(), HOST)) {
            RawHttp2 attacker = new RawHttp2(tls.edge.httpsAddress(), HOST);
            AtomicLong sent = new AtomicLong();
            long total = 64L << 20;
            byte[] batch = new byte[9 * 4096];
            for (int i = 0; i < batch.length; i += 9) {
                batch[i + 3] = SETTINGS;
            }
            // CVE-2019-9515: SETTINGS frames, each owed an ACK, from a client that never reads the ACKs.
            CompletableFuture<Void> attack = CompletableFuture.runAsync(() -> {
                try {
                    while (sent.get() < total) {
                        attacker.raw(batch);
                        sent.addAndGet(batch.length);
                    }
                } catch (IOException closed) {
                    // Ends the flood once the test closes the socket.
                }
            }, OWN_THREAD);
            try {
                Progress progress = new Progress(sent);
                // Undertow stops reading a connection with more than 50 frames queued for it (the unread
                // ACKs), so the flood stalls in the socket buffers instead of filling the edge's memory.
                Awaitility.await().pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60))
                        .until(progress::stalled);
                assertThat(sent.get()).isLessThan(total);
                assertServedMeanwhile(tls, bystander, 1);
            } finally {
                attacker.abort();
            }
            attack.join();
        }
    }

    private static TlsEdge edge() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        return new TlsEdge(certs.acme, certs.fallback, false);
    }

    /** The client already connected, and a new one through curl, are both served. */
    private static void assertServedMeanwhile(TlsEdge tls, RawHttp2 bystander, int stream) throws Exception {
        assertThat(bystander.fetch(stream, HOST, "/warm")).isEqualTo("hello /warm");
        Curl.Result fresh = Curl.run(tls.https(HOST, "/warm", "--http2"));
        assertThat(fresh.out()).as(fresh.err()).isEqualTo("hello /warm");
    }

    /** Whether a counter stopped moving between two polls. */
    private static final class Progress {
        private final AtomicLong counter;
        private long last = -1;

        Progress(AtomicLong counter) {
            this.counter = counter;
        }

        boolean stalled() {
            long now = counter.get();
            boolean same = now == last;
            last = now;
            return same;
        }
    }
}
