package dev.meridian.edge.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import okhttp3.Headers;

/** Copies a client's request header fields out of Undertow, for work that outlives the I/O callback. */
final class ClientHeaders {
    private ClientHeaders() {
    }

    /** @throws IllegalArgumentException for fields OkHttp would refuse to send */
    static Headers snapshot(HttpServerExchange ex) {
        Headers.Builder b = new Headers.Builder();
        for (HeaderValues values : ex.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            for (String v : values) {
                b.addUnsafeNonAscii(name, v);
            }
        }
        return b.build();
    }

    static String clientIp(HttpServerExchange ex) {
        InetSocketAddress source = ex.getSourceAddress();
        return source == null ? "unknown" : source.getAddress().getHostAddress();
    }
}
