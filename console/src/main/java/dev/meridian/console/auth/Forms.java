package dev.meridian.console.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormEncodedDataDefinition;
import io.undertow.server.handlers.form.FormParserFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Reads a portal form ({@code application/x-www-form-urlencoded}, at most {@link #MAX_BYTES}) on a worker
 * thread and leaves it attached under {@link FormDataParser#FORM_DATA} for the page handler.
 */
final class Forms {
    /** Large enough for a config text area, small enough that a flood of forms cannot fill the heap. */
    static final long MAX_BYTES = 1 << 20;
    private static final FormParserFactory PARSERS = FormParserFactory.builder(false)
            .addParsers(new FormEncodedDataDefinition().setDefaultEncoding("UTF-8")).build();

    private Forms() {
    }

    /** The form, or empty when the body is not one (wrong type, too large, unreadable). */
    static Optional<FormData> parse(HttpServerExchange exchange) {
        FormData already = exchange.getAttachment(FormDataParser.FORM_DATA);
        if (already != null) {
            return Optional.of(already);
        }
        exchange.setMaxEntitySize(MAX_BYTES);
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        // Not closed here: the page handler still reads what it parsed (Undertow ends it with the exchange).
        FormDataParser parser = PARSERS.createParser(exchange);
        try {
            return parser == null ? Optional.empty() : Optional.of(parser.parseBlocking());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The field's text, or null when absent or a file. */
    static String field(FormData form, String name) {
        FormData.FormValue v = form.getFirst(name);
        return v == null || v.isFileItem() ? null : v.getValue();
    }

    /** Constant-time comparison of a posted token with the expected one. */
    static boolean tokenMatches(String expected, String posted) {
        return expected != null && posted != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), posted.getBytes(StandardCharsets.UTF_8));
    }
}
