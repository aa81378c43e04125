package dev.meridian.edge.purge;

import dev.meridian.uplink.purge.PurgeSpec;

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

    /**
     * Parses the JSON every purge client sends, by the one parser the console uses too ({@link PurgeSpec}).
     *
     * @throws Malformed with a reason fit for the 400 response
     */
    public static PurgeRequest parse(byte[] body) throws Malformed {
        try {
            PurgeSpec spec = PurgeSpec.parse(body);
            return new PurgeRequest(Kind.valueOf(spec.kind().name()), spec.target(), spec.soft());
        } catch (PurgeSpec.Malformed e) {
            throw new Malformed(e.getMessage());
        }
    }

    /** A request that cannot be understood; the message says why. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
