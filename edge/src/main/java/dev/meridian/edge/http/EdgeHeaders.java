package dev.meridian.edge.http;

import io.undertow.util.HttpString;

/** Header names the edge adds that Undertow's {@code Headers} does not define. */
public final class EdgeHeaders {
    public static final HttpString X_CACHE = new HttpString("X-Cache");

    private EdgeHeaders() {
    }
}
