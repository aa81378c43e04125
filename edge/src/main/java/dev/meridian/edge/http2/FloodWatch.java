package dev.meridian.edge.http2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The decrypted bytes of one HTTP/2 connection on their way to Undertow's parser, watched for frames
 * that cost the edge work but carry nothing a request needs ({@link #costly}). The read that brings
 * one such frame more than the budget allows fails, and Undertow closes the connection on the failure
 * (a GOAWAY could not be counted on: a flooding client need not read it).
 */
final class FloodWatch extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final FrameHeaders frames = new FrameHeaders();
    private final FrameBudget budget;

    FloodWatch(StreamSourceConduit next, FrameBudget budget) {
        super(next);
        this.budget = budget;
    }

    /**
     * Frames the edge must answer (SETTINGS, PING: each makes it queue an acknowledgement, CVE-2019-9512
     * and 9515) or process for nothing (empty DATA and CONTINUATION frames that end nothing, CVE-2019-9518).
     */
    static boolean costly(int type, int flags, int length) {
        return switch (type) {
            case FrameHeaders.SETTINGS, FrameHeaders.PING -> (flags & FrameHeaders.END_STREAM_OR_ACK) == 0;
            case FrameHeaders.DATA -> length == 0 && (flags & FrameHeaders.END_STREAM_OR_ACK) == 0;
            case FrameHeaders.CONTINUATION -> length == 0 && (flags & FrameHeaders.END_HEADERS) == 0;
            default -> false;
        };
    }

    /** Whether bytes read before this watch was in place (during the TLS handshake) keep within the budget. */
    boolean within(ByteBuffer alreadyRead) {
        return frames.feed(alreadyRead, this::allowed);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = next.read(dst);
        if (n > 0) {
            check(dst, start);
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        int[] starts = new int[len];
        for (int i = 0; i < len; i++) {
            starts[i] = dsts[offs + i].position();
        }
        long n = next.read(dsts, offs, len);
        if (n > 0) {
            for (int i = 0; i < len; i++) {
                check(dsts[offs + i], starts[i]);
            }
        }
        return n;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    /** The bytes just read into {@code buffer}, from {@code start} to its position. */
    private void check(ByteBuffer buffer, int start) throws IOException {
        ByteBuffer read = buffer.duplicate();
        read.limit(buffer.position()).position(start);
        if (!frames.feed(read, this::allowed)) {
            throw new IOException("HTTP/2 flood: more than " + Http2FloodGuard.MAX_COSTLY_FRAMES
                    + " SETTINGS, PING or empty frames within " + Http2FloodGuard.WINDOW.toSeconds() + " s");
        }
    }

    private boolean allowed(int type, int flags, int length) {
        return !costly(type, flags, length) || budget.spend(System.nanoTime());
    }
}
