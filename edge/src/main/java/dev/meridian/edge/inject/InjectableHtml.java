package dev.meridian.edge.inject;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A response the measurement scripts may go into, and how its body is laid out: a 200 with
 * {@code text/html} in a charset {@link TextUnits} handles, identity or gzip coded, without
 * {@code Cache-Control: no-transform}. Everything else goes out exactly as the origin sent it.
 *
 * @param gzip whether the body is gzip coded (it is decoded to inject and coded again to send)
 */
record InjectableHtml(Charset charset, boolean gzip) {
    /** Fields that describe the origin's exact bytes and would be false after injection. */
    private static final Set<String> DESCRIBE_ORIGIN_BYTES = Set.of("content-length", "content-md5", "digest",
            "content-digest", "repr-digest", "etag", "accept-ranges");

    /** The layout of an injectable response, or null to leave it alone. */
    static InjectableHtml of(int status, Function<String, String> first, Function<String, Iterable<String>> all) {
        if (status != 200 || noTransform(all.apply("Cache-Control"))) {
            return null;
        }
        String type = first.apply("Content-Type");
        if (type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return null;
        }
        String coding = coding(all.apply("Content-Encoding"));
        boolean gzip = coding.equals("gzip") || coding.equals("x-gzip");
        if (!gzip && !coding.equals("identity")) {
            return null;
        }
        Charset charset = charset(type);
        return charset != null && TextUnits.supported(charset) ? new InjectableHtml(charset, gzip) : null;
    }

    /**
     * The one content coding of every Content-Encoding field together (identity taken out), "identity"
     * for none, or "" for several: a body coded twice, or in a list only the first field of which
     * would be seen, is not one to decode and code again.
     */
    private static String coding(Iterable<String> fields) {
        String coding = "identity";
        if (fields == null) {
            return coding;
        }
        for (String value : fields) {
            for (String token : value.split(",")) {
                String c = token.trim().toLowerCase(Locale.ROOT);
                if (c.isEmpty() || c.equals("identity")) {
                    continue;
                }
                if (!coding.equals("identity")) {
                    return "";
                }
                coding = c;
            }
        }
        return coding;
    }

    /** RFC 9111 5.2.2.6: an intermediary must not transform the content. */
    private static boolean noTransform(Iterable<String> cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        for (String value : cacheControl) {
            for (String directive : value.split(",")) {
                if (directive.trim().equalsIgnoreCase("no-transform")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The charset the Content-Type names, ISO-8859-1 (byte for byte) when it names none, null when unknown. */
    static Charset charset(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return StandardCharsets.ISO_8859_1;
    }

    /** Whether the injected response drops this field (lower case) of the origin's. */
    static boolean dropped(String lowerName) {
        return DESCRIBE_ORIGIN_BYTES.contains(lowerName);
    }

    /** The injected response's ETag: still one content for every client, but no longer the origin's bytes. */
    static String weakened(String etag) {
        return etag.startsWith("W/") ? etag : "W/" + etag;
    }
}
