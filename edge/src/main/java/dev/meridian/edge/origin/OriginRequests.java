package dev.meridian.edge.origin;

import dev.meridian.edge.http.HopByHop;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;

/**
 * Builds the header fields the edge sends to an origin from the client's: hop-by-hop fields dropped,
 * Host set to the origin's host, the client added to X-Forwarded-For and the edge to Via. The body's
 * framing (Content-Length, Transfer-Encoding) is not copied: it is set from the body the edge sends,
 * so a length never goes without its body.
 */
public final class OriginRequests {
    /** Preconditions and ranges belong to one client; a shared fill asks for the whole current object. */
    private static final Set<String> CLIENT_SPECIFIC = Set.of("if-none-match", "if-modified-since", "if-match",
            "if-unmodified-since", "if-range", "range");

    private OriginRequests() {
    }

    /**
     * @param client    the client's header fields
     * @param forFill   true for a cache fill (client preconditions and Range are left out)
     * @param clientIp  the client's address, appended to X-Forwarded-For
     * @param via       this edge's Via entry ({@code 1.1 meridian-sjc})
     */
    public static Headers forward(Headers client, String originHost, boolean forFill, String clientIp, String via) {
        List<String> connection = client.values("Connection");
        Headers.Builder out = new Headers.Builder();
        String xff = null;
        String priorVia = null;
        boolean acceptEncoding = false;
        for (int i = 0; i < client.size(); i++) {
            String name = client.name(i);
            String lower = name.toLowerCase(Locale.ROOT);
            if (HopByHop.isHopByHop(lower, connection) || lower.equals("host") || lower.equals("content-length")
                    || (forFill && CLIENT_SPECIFIC.contains(lower))) {
                continue;
            }
            switch (lower) {
                case "x-forwarded-for" -> xff = xff == null ? client.value(i) : xff + ", " + client.value(i);
                case "via" -> priorVia = priorVia == null ? client.value(i) : priorVia + ", " + client.value(i);
                default -> {
                    acceptEncoding |= lower.equals("accept-encoding");
                    out.addUnsafeNonAscii(name, client.value(i));
                }
            }
        }
        out.set("Host", originHost);
        out.set("X-Forwarded-For", xff == null ? clientIp : xff + ", " + clientIp);
        out.set("Via", priorVia == null ? via : priorVia + ", " + via);
        if (!acceptEncoding) {
            // Without this OkHttp would ask for gzip and decode it, changing what the client receives.
            out.set("Accept-Encoding", "identity");
        }
        return out.build();
    }
}
