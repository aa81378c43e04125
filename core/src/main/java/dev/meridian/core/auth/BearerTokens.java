package dev.meridian.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Optional;

/**
 * Bearer-token checks for admin APIs. Comparison is constant-time per candidate and always scans
 * every candidate, so timing tells an attacker nothing about how close a guess was.
 */
public final class BearerTokens {
    private BearerTokens() {
    }

    /** The token of an {@code Authorization: Bearer ...} header, if the header has that form. */
    public static Optional<String> fromHeader(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.trim();
        if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    public static boolean matchesAny(String presented, Collection<String> allowed) {
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String candidate : allowed) {
            match |= MessageDigest.isEqual(p, candidate.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }
}
