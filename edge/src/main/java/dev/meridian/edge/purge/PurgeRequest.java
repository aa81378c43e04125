package dev.meridian.edge.purge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.edge.http.CacheTags;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * What a client asks to purge, as JSON: exactly one of {@code url}, {@code prefix} (both absolute
 * URLs in either form a client may use), {@code host} or {@code tag} (a tag an origin gave objects in
 * {@code Surrogate-Key} or {@code Cache-Tag}); and {@code soft} (default false).
 *
 * <pre>{"prefix": "http://acme.cdn.test/images/", "soft": true}</pre>
 * <pre>{"tag": "product-42"}</pre>
 */
public record PurgeRequest(Kind kind, String target, boolean soft) {
    public enum Kind { URL, PREFIX, HOST, TAG }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("url", "prefix", "host", "tag", "soft");

    /** @throws Malformed with a reason fit for the 400 response */
    public static PurgeRequest parse(byte[] body) throws Malformed {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Malformed("body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Malformed("body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("body must be a JSON object such as {\"url\": \"http://acme.cdn.test/a.jpg\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new Malformed("unknown field '" + f + "' (expected url, prefix, host or tag, and soft)");
            }
        }
        Kind kind = null;
        String target = null;
        for (Kind k : Kind.values()) {
            JsonNode v = root.get(k.name().toLowerCase(Locale.ROOT));
            if (v == null) {
                continue;
            }
            if (kind != null) {
                throw new Malformed("give exactly one of url, prefix, host or tag");
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new Malformed(k.name().toLowerCase(Locale.ROOT) + " must be a non-empty string");
            }
            kind = k;
            target = v.asText().trim();
        }
        if (kind == null) {
            throw new Malformed("give one of url, prefix, host or tag");
        }
        if (kind == Kind.TAG && !CacheTags.valid(target)) {
            throw new Malformed("tag must be 1 to " + CacheTags.MAX_TAG_LENGTH + " visible ASCII characters, as an origin sends it");
        }
        JsonNode soft = root.get("soft");
        if (soft != null && !soft.isBoolean()) {
            throw new Malformed("soft must be true or false");
        }
        return new PurgeRequest(kind, target, soft != null && soft.asBoolean());
    }

    /** A request that cannot be understood; the message says why. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
