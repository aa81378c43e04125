package dev.meridian.edge.origin;

import java.io.IOException;
import java.util.Arrays;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads an origin body into memory up to the largest cacheable size. A body that turns out larger
 * (by its Content-Length, or by reading past the limit) is left open for streaming, with what was
 * already read kept as its prefix. A body shorter than its Content-Length throws (OkHttp checks),
 * so a lying origin never yields a complete-looking body.
 *
 * @param bytes      the body read so far (the whole body unless {@code overflowed})
 * @param overflowed true when the body exceeds the limit and the rest is still in the source
 */
public record BodyCapture(byte[] bytes, boolean overflowed) {
    private static final int CHUNK = 16 * 1024;

    public static BodyCapture read(ResponseBody body, long maxBytes) throws IOException {
        long declared = body.contentLength();
        if (declared > maxBytes) {
            return new BodyCapture(new byte[0], true);
        }
        BufferedSource source = body.source();
        byte[] buf = new byte[(int) (declared >= 0 ? declared : Math.min(maxBytes, CHUNK))];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (declared >= 0 || len > maxBytes) {
                    // Content-Length satisfied: anything more is not this response's. Past the limit: stream.
                    if (declared < 0) {
                        return new BodyCapture(buf, true);
                    }
                    if (!source.exhausted()) {
                        throw new IOException("origin sent more bytes than its Content-Length");
                    }
                    return new BodyCapture(buf, false);
                }
                buf = Arrays.copyOf(buf, (int) Math.min(maxBytes + 1, (long) buf.length * 2));
            }
            int n = source.read(buf, len, buf.length - len);
            if (n < 0) {
                if (declared >= 0 && len < declared) {
                    throw new IOException("origin body ended after " + len + " of " + declared + " bytes");
                }
                return new BodyCapture(len == buf.length ? buf : Arrays.copyOf(buf, len), false);
            }
            len += n;
        }
    }
}
