package dev.meridian.edge.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * The body of a client's request as it goes to the origin. One of up to {@link #REPLAYABLE_LIMIT}
 * bytes is read whole first, so that it can be sent again should a pooled origin connection turn out
 * to be closed; a larger one streams from the client as it arrives and is sent once. Blocking: the
 * exchange must be in blocking mode, on a worker thread.
 */
final class ForwardedBody {
    /** Bodies up to this size (most API calls and form posts) are buffered, so they can be sent again. */
    static final int REPLAYABLE_LIMIT = 64 * 1024;

    private ForwardedBody() {
    }

    /** The client's body, or null when it sent none. */
    static RequestBody of(HttpServerExchange ex) throws IOException {
        long length = ex.getRequestContentLength();
        boolean chunked = ex.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (length <= 0 && !chunked) {
            return null;
        }
        String typeField = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        MediaType type = typeField == null ? null : MediaType.parse(typeField);
        InputStream in = ex.getInputStream();
        if (!chunked && length > REPLAYABLE_LIMIT) {
            return streamed(type, length, new byte[0], in);
        }
        byte[] head = in.readNBytes(chunked ? REPLAYABLE_LIMIT + 1 : (int) length);
        if (!chunked && head.length < length) {
            throw new IOException("the client's body ended after " + head.length + " of " + length + " bytes");
        }
        return head.length <= REPLAYABLE_LIMIT ? RequestBody.create(head, type) : streamed(type, -1, head, in);
    }

    private static RequestBody streamed(MediaType type, long length, byte[] prefix, InputStream rest) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(prefix);
                try (Source source = Okio.source(rest)) {
                    sink.writeAll(source);
                }
            }
        };
    }
}
