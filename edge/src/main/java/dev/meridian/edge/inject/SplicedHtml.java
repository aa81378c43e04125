package dev.meridian.edge.inject;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.proxy.Outbound;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Stored identity HTML too large for an injected copy: sent as slices of the stored body (a view,
 * not a copy, of what may be a mapped disk file) with the scripts between them, in one gathering
 * write with its exact Content-Length. Only the first {@link InjectingOutputStream#HEAD_LIMIT} and
 * the last {@link InjectingOutputStream#TAIL_LIMIT} bytes are looked at, which is where the
 * streaming injector would put the scripts. The client's conditionals and ranges are not answered
 * for such a page: it gets the whole page, which they allow.
 */
final class SplicedHtml {
    private static final HttpString ACCEPT_CH = new HttpString(HtmlInjection.ACCEPT_CH.name());

    private SplicedHtml() {
    }

    /** Sends {@code stored} with the scripts in; on the I/O thread. */
    static void send(HttpServerExchange ex, CachedResponse stored, InjectableHtml html, MeasurementScripts scripts,
                     CacheStatus status, Outbound.Next next) {
        ByteBuffer body = stored.body();
        int length = body.remaining();
        byte[] head = new byte[Math.min(length, InjectingOutputStream.HEAD_LIMIT)];
        body.get(body.position(), head);
        TextUnits units = TextUnits.of(html.charset(), head, head.length);
        int start = InjectingOutputStream.startInsertion(units, head, head.length, true);
        int tailFrom = Math.max(start, length - InjectingOutputStream.TAIL_LIMIT);
        tailFrom += Math.floorMod(-tailFrom, units.width());
        byte[] tail = new byte[Math.max(0, length - tailFrom)];
        body.get(body.position() + tailFrom, tail);
        int at = units.lastIndexOf(tail, 0, tail.length, InjectingOutputStream.BODY_END);
        if (at < 0) {
            at = units.lastIndexOf(tail, 0, tail.length, InjectingOutputStream.HTML_END);
        }
        int end = at < 0 ? length : tailFrom + at;
        byte[] startScript = units.encode(scripts.start());
        byte[] endScript = units.encode(scripts.end(end - start));

        ex.setStatusCode(stored.status());
        HeaderMap out = ex.getResponseHeaders();
        for (int i = 0; i < stored.clientHeaderCount(); i++) {
            if (!InjectableHtml.dropped(stored.headerName(i).toString().toLowerCase(Locale.ROOT))) {
                out.add(stored.headerName(i), stored.headerValue(i));
            }
        }
        if (stored.etag() != null) {
            out.put(Headers.ETAG, InjectableHtml.weakened(stored.etag()));
        }
        out.put(ACCEPT_CH, HtmlInjection.ACCEPT_CH.value());
        out.put(Headers.AGE, stored.ageSeconds(System.currentTimeMillis()));
        next.streaming(status);
        ex.setResponseContentLength((long) length + startScript.length + endScript.length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(new ByteBuffer[] {slice(body, 0, start), ByteBuffer.wrap(startScript), slice(body, start, end),
                ByteBuffer.wrap(endScript), slice(body, end, length)});
    }

    private static ByteBuffer slice(ByteBuffer body, int from, int to) {
        return body.slice(body.position() + from, to - from);
    }
}
