package dev.meridian.console.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Map;

/**
 * Renders the portal's templates ({@code src/main/jte}, compiled at build time) into responses. Pages
 * are small, so each is rendered into a string and sent whole, with the headers every page carries.
 */
public final class Pages {
    private static final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    private Pages() {
    }

    /** Renders {@code template} (e.g. {@code "start.jte"}) with {@code params} as a 200 HTML response. */
    public static void render(HttpServerExchange exchange, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, "text/html; charset=utf-8")
                .put(Headers.CACHE_CONTROL, "no-store")
                // Pages are never framed (clickjacking) and load nothing from elsewhere.
                .put(Headers.X_FRAME_OPTIONS, "DENY")
                .put(Headers.CONTENT_SECURITY_POLICY, "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                        + "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
                .put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .put(Headers.REFERRER_POLICY, "same-origin");
        exchange.getResponseSender().send(out.toString());
    }
}
