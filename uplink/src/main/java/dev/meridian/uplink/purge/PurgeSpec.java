package dev.meridian.uplink.purge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * A purge as a client asks for it, in JSON: exactly one of {@code url}, {@code prefix}, {@code host} or
 * {@code tag}, and {@code soft} (default false). The console parses what customers send with this, and
 * writes what it sends to the POPs with {@link #toJson()}.
 *
 * <pre>{"url": "http://acme.cdn.test/a.jpg"}   {"tag": "product-42", "soft": true}</pre>
 */
public record PurgeSpec(PurgeKind kind, String target, boolean soft) {
    /** Tags as an origin may send them ({@code Surrogate-Key}, {@code Cache-Tag}): visible ASCII, this long at most. */
    public static final int MAX_TAG_LENGTH = 256;
    private static final int MAX_TARGET_LENGTH = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("url", "prefix", "host", "tag", "soft");

    /** @throws Malformed with a reason fit for a 400 response */
    public static PurgeSpec parse(byte[] body) throws Malformed {
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
        PurgeKind kind = null;
        String target = null;
        for (PurgeKind k : PurgeKind.values()) {
            JsonNode v = root.get(k.field());
            if (v == null) {
                continue;
            }
            if (kind != null) {
                throw new Malformed("give exactly one of url, prefix, host or tag");
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new Malformed(k.field() + " must be a non-empty string");
            }
            kind = k;
            target = v.asText().trim();
        }
        if (kind == null) {
            throw new Malformed("give one of url, prefix, host or tag");
        }
        JsonNode soft = root.get("soft");
        if (soft != null && !soft.isBoolean()) {
            throw new Malformed("soft must be true or false");
        }
        return of(kind, target, soft != null && soft.asBoolean());
    }

    /** A spec from a form or the database, checked as {@link #parse} checks JSON. */
    public static PurgeSpec of(PurgeKind kind, String target, boolean soft) throws Malformed {
        if (target == null || target.isBlank()) {
            throw new Malformed(kind.field() + " must be a non-empty string");
        }
        String t = target.trim();
        if (t.length() > MAX_TARGET_LENGTH) {
            throw new Malformed(kind.field() + " is longer than " + MAX_TARGET_LENGTH + " characters");
        }
        if (kind == PurgeKind.TAG && !validTag(t)) {
            throw new Malformed("tag must be 1 to " + MAX_TAG_LENGTH + " visible ASCII characters, as an origin sends it");
        }
        return new PurgeSpec(kind, t, soft);
    }

    /** 1 to {@link #MAX_TAG_LENGTH} characters of visible ASCII. */
    public static boolean validTag(String tag) {
        if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The JSON body of a POP's {@code /purge}: {@code {"url": "...", "soft": false}}. */
    public String toJson() {
        return JSON.createObjectNode().put(kind.field(), target).put("soft", soft).toString();
    }

    /** A request that cannot be understood; the message says why. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
