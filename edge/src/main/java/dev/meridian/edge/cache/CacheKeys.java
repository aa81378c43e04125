package dev.meridian.edge.cache;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Cache keys. The primary key is the canonical origin URL ({@code http://www.acme.test/a.jpg?q}),
 * so both URL forms a client can use share one entry and a URL-prefix purge is a key-prefix scan.
 * A variant key appends the values of the request headers the response varies on, after a newline
 * (which can occur in neither URLs nor header values): every variant key starts with its URL.
 */
public final class CacheKeys {
    static final char VARIANT_SEPARATOR = '\n';

    private CacheKeys() {
    }

    /**
     * @param scheme        the origin's scheme ({@code http} or {@code https})
     * @param originHost    the origin host as configured (the Host the edge sends)
     * @param rawPath       the request path as received, percent-encoding untouched, starting with '/'
     * @param rawQuery      the query string without '?', or empty
     */
    public static String url(String scheme, String originHost, String rawPath, String rawQuery) {
        StringBuilder b = new StringBuilder(scheme.length() + originHost.length() + rawPath.length() + rawQuery.length() + 5);
        b.append(scheme).append("://").append(originHost.toLowerCase(Locale.ROOT)).append(rawPath);
        if (!rawQuery.isEmpty()) {
            b.append('?').append(rawQuery);
        }
        return b.toString();
    }

    /**
     * The variant key of {@code url} for a request, given the header names the response varies on. Each
     * value is normalised by its field's syntax ({@link VaryNormalisation}), so equivalent requests
     * (Accept-Encoding "gzip, br", "br,gzip" and "GZIP, BR") share one variant.
     */
    public static String variant(String url, List<String> varyNames, RequestHeaders requestHeaders) {
        StringBuilder b = new StringBuilder(url.length() + 32).append(url);
        for (String name : varyNames) {
            b.append(VARIANT_SEPARATOR).append(name).append('=');
            Collection<String> values = requestHeaders.values(name);
            if (values != null) {
                VaryNormalisation.append(b, name, values);
            }
        }
        return b.toString();
    }

    /** The URL a key belongs to: the key up to its variant or rendition part, if it has one. */
    public static String urlOf(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < ' ') {
                return key.substring(0, i);
            }
        }
        return key;
    }

    /** Read access to a request's header fields, whichever HTTP library holds them. */
    @FunctionalInterface
    public interface RequestHeaders {
        /** The values of a header (name case-insensitive); null or empty when absent. */
        Collection<String> values(String name);
    }
}
