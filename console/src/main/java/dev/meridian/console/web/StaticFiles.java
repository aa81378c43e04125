package dev.meridian.console.web;

import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The portal's static files, read from the classpath once. They are small and change only with a new
 * release, so each is sent with a content-hash ETag and {@code no-cache}: a browser asks every time and
 * gets a 304 until the file changes, never a stale stylesheet after an upgrade.
 */
public final class StaticFiles {
    private StaticFiles() {
    }

    /** A handler for the classpath resource {@code static/<name>}. */
    public static HttpHandler resource(String name, String contentType) {
        byte[] body = read("static/" + name);
        String etag = "\"" + sha256(body).substring(0, 16) + "\"";
        return exchange -> {
            exchange.getResponseHeaders()
                    .put(Headers.CACHE_CONTROL, "no-cache")
                    .put(Headers.ETAG, etag)
                    .put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
            if (etag.equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
                exchange.setStatusCode(304);
                exchange.endExchange();
                return;
            }
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        };
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the console's jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
