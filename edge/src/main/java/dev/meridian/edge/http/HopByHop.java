package dev.meridian.edge.http;

import java.util.Locale;
import java.util.Set;

/**
 * Connection-specific header fields a proxy must not forward (RFC 9110 7.6.1): the fixed set, plus
 * whatever the message's own Connection header names.
 */
public final class HopByHop {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /**
     * Whether {@code name} must be dropped, given the message's Connection header values.
     *
     * @param connectionValues the Connection field values (null or empty when absent)
     */
    public static boolean isHopByHop(String name, Iterable<String> connectionValues) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (ALWAYS.contains(lower)) {
            return true;
        }
        if (connectionValues != null) {
            for (String value : connectionValues) {
                for (String token : value.split(",")) {
                    if (token.trim().equalsIgnoreCase(lower)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
