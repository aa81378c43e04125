package dev.meridian.edge.proxy;

import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HopByHop;
import dev.meridian.edge.origin.InterimResponses;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Protocols;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.channels.Channels;
import org.xnio.channels.StreamSinkChannel;

/**
 * Passes an origin's interim responses ({@code 103 Early Hints}) on to the client whose request went
 * to the origin, before the final response: over HTTP/1.1 as a response of its own, over HTTP/2 as a
 * HEADERS frame that leaves the stream open (RFC 9113 8.1). Never stored, never replayed on a hit, and
 * their fields never join the final response.
 *
 * <p>Undertow sends informational responses only for {@code 100 Continue}: its out-of-band response
 * ({@code ServerConnection.sendOutOfBandResponse}) is refused unless the request expects one. The
 * request is made to look so for that one call (the body of a request the edge forwards is read
 * before the origin is asked, so no {@code 100 Continue} goes out because of it). An HTTP/1.0 client
 * gets none (it would not understand).
 *
 * <p>Over HTTP/2 that out-of-band response is a HEADERS sink of its own on the request's stream
 * ({@code Http2HeadersStreamSinkChannel}). Shut down, it would carry END_STREAM (Undertow spares only
 * a {@code 100}) and, once written, have Undertow drop the stream's registered sink, so the final
 * response could neither follow nor receive its WINDOW_UPDATEs. It is only flushed instead: a sink
 * flushed while still open writes its header block without END_STREAM, queued (and HPACK-encoded) in
 * order ahead of the final response's, and takes nothing from the flow-control windows. It is then
 * left unclosed to the garbage collector: closing a sink before its last frame resets the stream.
 * {@code EarlyHintsTest} fails if an Undertow upgrade changes any of this.
 *
 * <p>Best effort: a hint that cannot be sent is dropped, the final response goes out all the same.
 * Runs on the worker thread of the origin call, while the exchange is dispatched.
 */
final class InterimRelay implements InterimResponses {
    private static final Logger log = LoggerFactory.getLogger(InterimRelay.class);
    /** Framing and connection fields are the edge's own; the rest of an interim response goes on. */
    private static final Set<String> NOT_RELAYED = Set.of("content-length", "transfer-encoding", "date", "server");

    private static final int EARLY_HINTS = 103;

    private final HttpServerExchange ex;

    InterimRelay(HttpServerExchange ex) {
        this.ex = ex;
    }

    @Override
    public void received(int status, List<HeaderField> fields) {
        HeaderMap request = ex.getRequestHeaders();
        boolean http2 = ex.getProtocol().equals(Protocols.HTTP_2_0);
        if (request.contains(Headers.EXPECT) || ex.isResponseStarted() || !ex.isResponseChannelAvailable()
                || !(http2 || ex.getProtocol().equals(Protocols.HTTP_1_1))) {
            // The client's own 100-continue is Undertow's business, and a response under way ends the hints
            // (over HTTP/2 the interim sink would even take the place of its channel's conduit).
            return;
        }
        request.put(Headers.EXPECT, HttpContinue.CONTINUE);
        HttpServerExchange interim;
        try {
            if (!HttpContinue.requiresContinueResponse(ex)) {
                return;
            }
            interim = ex.getConnection().sendOutOfBandResponse(ex);
        } catch (RuntimeException e) {
            log.debug("interim response {} not sent: {}", status, e.toString());
            return;
        } finally {
            request.remove(Headers.EXPECT);
        }
        interim.setStatusCode(status);
        if (status == EARLY_HINTS) {
            // Undertow knows no reason phrase for 103 and would send "Unknown".
            interim.setReasonPhrase("Early Hints");
        }
        List<String> connection = fields.stream().filter(f -> f.name().equalsIgnoreCase("Connection"))
                .map(HeaderField::value).toList();
        for (HeaderField f : fields) {
            if (!HopByHop.isHopByHop(f.name(), connection) && !NOT_RELAYED.contains(f.name().toLowerCase(Locale.ROOT))) {
                interim.getResponseHeaders().add(HttpString.tryFromString(f.name()), f.value());
            }
        }
        try {
            StreamSinkChannel channel = interim.getResponseChannel();
            if (http2) {
                // Not waited for: the frame is queued ahead of the final response's whatever happens.
                channel.flush();
            } else {
                channel.shutdownWrites();
                Channels.flushBlocking(channel);
            }
        } catch (IOException e) {
            log.debug("interim response {} not sent: {}", status, e.toString());
        }
    }
}
