package dev.meridian.console.auth;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a login may send the browser next: a path on this console and nothing else, so that a link
 * to {@code /login?next=https://evil.example/} cannot turn the console into an open redirect.
 */
final class LocalPaths {
    static final String HOME = "/";
    private static final int MAX_LENGTH = 2048;

    private LocalPaths() {
    }

    /** {@code next} if it is a local path (with optional query), else {@code /}. */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || next.charAt(0) != '/') {
            return HOME;
        }
        for (int i = 0; i < next.length(); i++) {
            char ch = next.charAt(i);
            // '//host' and '/\host' are other hosts to a browser; control characters may split headers.
            if (ch == '\\' || ch < 0x21 || ch == 0x7f) {
                return HOME;
            }
        }
        if (next.startsWith("//")) {
            return HOME;
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? next : HOME;
        } catch (URISyntaxException e) {
            return HOME;
        }
    }
}
