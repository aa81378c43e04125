package dev.meridian.edge.inject;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Copies an HTML body from the origin's bytes to the client's with the scripts in, in the body's
 * own content coding: a gzip body is decoded, injected and gzip coded again, so the client gets the
 * representation it asked for (and the origin's Vary stays true) at the size it was meant to have.
 * Blocking; never on an I/O thread.
 */
final class InjectedBody {
    private static final int BUFFER = 32 * 1024;

    private InjectedBody() {
    }

    /**
     * @param maxDecoded the most decoded bytes to accept (a gzip body may expand far beyond its size)
     * @throws IOException from either side, a broken gzip body, or more than {@code maxDecoded} bytes
     */
    static void transfer(HtmlRewriter rewriter, InjectableHtml html, InputStream origin, OutputStream client, long maxDecoded)
            throws IOException {
        InputStream decoded = html.gzip() ? new GZIPInputStream(origin, BUFFER) : origin;
        // Sync-flushing, so what the origin sent so far reaches the client when the origin pauses.
        OutputStream coded = html.gzip() ? new GZIPOutputStream(client, BUFFER, true) : client;
        OutputStream sink = rewriter.injecting(coded, html.charset());
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = decoded.read(buf)) >= 0) {
            total += n;
            if (total > maxDecoded) {
                throw new IOException("decoded HTML over " + maxDecoded + " bytes");
            }
            sink.write(buf, 0, n);
            if (origin.available() == 0) {
                // The origin paused (or this is all): pass on what it sent so far, as a plain relay would.
                sink.flush();
            }
        }
        // Only a whole body is finished: one cut off must not end in a complete-looking response.
        sink.close();
    }

    /**
     * A client stream that holds up to {@code limit} bytes: a body that ends within them goes out
     * with its exact Content-Length (set through {@code contentLength}), a longer one streams as
     * it comes (chunked).
     */
    static OutputStream lengthWhenSmall(OutputStream client, int limit, LongConsumer contentLength) {
        return new FilterOutputStream(client) {
            private ByteArrayOutputStream held = new ByteArrayOutputStream(Math.min(limit, 8192));

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (held != null && held.size() + len <= limit) {
                    held.write(b, off, len);
                    return;
                }
                release();
                out.write(b, off, len);
            }

            private void release() throws IOException {
                if (held != null) {
                    held.writeTo(out);
                    held = null;
                }
            }

            @Override
            public void flush() throws IOException {
                if (held == null) {
                    out.flush();
                }
            }

            @Override
            public void close() throws IOException {
                if (held != null) {
                    contentLength.accept(held.size());
                    release();
                }
                out.close();
            }
        };
    }
}
