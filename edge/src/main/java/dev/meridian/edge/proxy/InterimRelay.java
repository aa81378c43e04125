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
 * to the origin, over HTTP/1.1, before the final response. Not over HTTP/2: Undertow 2.3 sends an
 * out-of-band response there as a HEADERS frame that ends the stream, which curl rightly refuses
 * (PROTOCOL_ERROR) and which would cost the client its final response. Never stored, never replayed on
 * a hit, and their fields never join the final response: each goes out as a response of its own.
 *
 * <p>Undertow sends informational responses only for {@code 100 Continue}: its out-of-band response
 * ({@code ServerConnection.sendOutOfBandResponse}) is refused unless the request expects one. The
 * request is made to look so for that one call (the body of a request the edge forwards is read
 * before the origin is asked, so no {@code 100 Continue} goes out because of it). An HTTP/1.0 client
 * gets none (it would not understand).
 * Best effort: a hint that cannot be sent is dropped, the final response goes out all the same.
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
        if (request.contains(Headers.EXPECT) || ex.isResponseStarted() || !ex.getProtocol().equals(Protocols.HTTP_1_1)) {
            // The client's own 100-continue is Undertow's business, a response under way ends the hints, and
            // over HTTP/2 Undertow ends the stream with the interim HEADERS frame (END_STREAM): the client
            // would lose the final response.
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
            channel.shutdownWrites();
            Channels.flushBlocking(channel);
        } catch (IOException e) {
            log.debug("interim response {} not sent: {}", status, e.toString());
        }
    }
}
