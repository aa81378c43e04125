package dev.meridian.edge.tls;

import static dev.meridian.edge.tls.RawHttp2.CONTINUATION;
import static dev.meridian.edge.tls.RawHttp2.DATA;
import static dev.meridian.edge.tls.RawHttp2.END_HEADERS;
import static dev.meridian.edge.tls.RawHttp2.END_STREAM;
import static dev.meridian.edge.tls.RawHttp2.HEADERS;
import static dev.meridian.edge.tls.RawHttp2.PING;
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
 * is closed, and a client already connected as well as a new one keep being served meanwhile.
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

    /** CVE-2019-9515: SETTINGS frames, each owed an ACK, from a client that never reads the ACKs. */
    @Test
    void settingsFloodClosesTheConnection() throws Exception {
        assertFloodClosesTheConnection(new byte[0], RawHttp2.repeated(4096, SETTINGS, 0, 0, new byte[0]));
    }

    /** CVE-2019-9512: PINGs, each owed a PING back, from a client that never reads them. */
    @Test
    void pingFloodClosesTheConnection() throws Exception {
        assertFloodClosesTheConnection(new byte[0], RawHttp2.repeated(2048, PING, 0, 0, new byte[8]));
    }

    /** CVE-2019-9518: empty DATA frames on an open stream, each processed for nothing. */
    @Test
    void emptyDataFramesFloodClosesTheConnection() throws Exception {
        byte[] open = RawHttp2.repeated(1, HEADERS, END_HEADERS, 1, RawHttp2.get(HOST, "/upload"));
        assertFloodClosesTheConnection(open, RawHttp2.repeated(4096, DATA, 0, 1, new byte[0]));
    }

    /** Empty CONTINUATION frames never grow the header list, so its size bound never stops them. */
    @Test
    void emptyContinuationFloodClosesTheConnection() throws Exception {
        byte[] open = RawHttp2.repeated(1, HEADERS, END_STREAM, 1, RawHttp2.get(HOST, "/never"));
        assertFloodClosesTheConnection(open, RawHttp2.repeated(4096, CONTINUATION, 0, 1, new byte[0]));
    }

    /** A client that sends SETTINGS and PINGs within the bound, and reads the answers, is served. */
    @Test
    void settingsAndPingsWithinTheBoundAreAnswered() throws Exception {
        try (TlsEdge tls = edge(); RawHttp2 client = new RawHttp2(tls.edge.httpsAddress(), HOST)) {
            client.raw(RawHttp2.repeated(90, SETTINGS, 0, 0, new byte[0]));
            client.raw(RawHttp2.repeated(90, PING, 0, 0, new byte[8]));
            assertThat(client.fetch(1, HOST, "/warm")).isEqualTo("hello /warm");
            assertThat(client.fetch(3, HOST, "/warm")).isEqualTo("hello /warm");
        }
    }

    /**
     * Floods the edge from a client that reads nothing: the edge closes the connection (the flood's
     * writes then fail) long before the flood's end, and other clients are served meanwhile.
     */
    private static void assertFloodClosesTheConnection(byte[] opening, byte[] batch) throws Exception {
        try (TlsEdge tls = edge(); RawHttp2 bystander = new RawHttp2(tls.edge.httpsAddress(), HOST)) {
            assertThat(bystander.fetch(1, HOST, "/warm")).isEqualTo("hello /warm");
            // Not closed but aborted: closing would wait for a write the edge may never read.
            RawHttp2 attacker = new RawHttp2(tls.edge.httpsAddress(), HOST);
            AtomicLong sent = new AtomicLong();
            long total = 64L << 20;
            CompletableFuture<Void> attack = CompletableFuture.runAsync(() -> {
                try {
                    attacker.raw(opening);
                    while (sent.get() < total) {
                        attacker.raw(batch);
                        sent.addAndGet(batch.length);
                    }
                } catch (IOException closedByTheServer) {
                    // Expected once the edge has had enough.
                }
            }, OWN_THREAD);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(attack::isDone);
            } finally {
                attacker.abort();
            }
            assertThat(sent.get()).as("stopped long before the 64 MB the attacker meant to send").isLessThan(total);
            assertServedMeanwhile(tls, bystander, 3);
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
}
