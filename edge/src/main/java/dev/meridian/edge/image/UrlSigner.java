package dev.meridian.edge.image;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.edge.route.Rejection;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed explicit transformations: {@code /images/a.jpg?w=300&h=200&fit=cover&q=70&sig=...}, where
 * {@code sig} is the unpadded base64url HMAC-SHA256 of {@code path?w=..&h=..&fit=..&q=..} (the four
 * parameters always, in that order) under one of the property's keys. Several keys are accepted so a
 * key can be rotated: sign with the new one, retire the old one later. Any transformation parameter
 * without a valid signature is refused.
 */
public final class UrlSigner {
    static final List<String> PARAMS = List.of("w", "h", "fit", "q", "sig");

    private UrlSigner() {
    }

    /** A parsed request: the transformation (if any) and the query left for the origin. */
    public record Parsed(Optional<Transformation> transformation, String remainingQuery) {
    }

    /** The query to append to {@code path} for a transformation signed with {@code key}. */
    public static String sign(String key, String path, Transformation t) {
        return t.canonicalQuery() + "&sig=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, path + "?" + t.canonicalQuery()));
    }

    /**
     * @throws Rejection 403 for a transformation that is unsigned, wrongly signed, or malformed
     */
    public static Parsed parse(String path, String rawQuery, List<String> keys) throws Rejection {
        if (rawQuery.isEmpty()) {
            return new Parsed(Optional.empty(), rawQuery);
        }
        String w = null, h = null, fit = null, q = null, sig = null;
        List<String> rest = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (name) {
                case "w" -> w = value;
                case "h" -> h = value;
                case "fit" -> fit = value;
                case "q" -> q = value;
                case "sig" -> sig = value;
                default -> rest.add(pair);
            }
        }
        if (w == null && h == null && fit == null && q == null && sig == null) {
            return new Parsed(Optional.empty(), rawQuery);
        }
        if (keys.isEmpty()) {
            throw new Rejection(403, "explicit image transformations are not enabled for this property");
        }
        if (sig == null) {
            throw new Rejection(403, "image transformation parameters need a signature (sig)");
        }
        Transformation t;
        try {
            t = new Transformation(number(w, 0), number(h, 0), fit(fit), number(q, 80));
        } catch (IllegalArgumentException e) {
            throw new Rejection(403, "invalid image transformation: " + e.getMessage());
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new Rejection(403, "image transformation signature is not valid");
        }
        String signed = path + "?" + t.canonicalQuery();
        boolean ok = false;
        for (String key : keys) {
            // Every key is tried, so timing does not tell which one (if any) matched.
            ok |= MessageDigest.isEqual(mac(key, signed), given);
        }
        if (!ok) {
            throw new Rejection(403, "image transformation signature is not valid");
        }
        return new Parsed(Optional.of(t), String.join("&", rest));
    }

    private static int number(String s, int absent) {
        if (s == null || s.isEmpty()) {
            return absent;
        }
        if (s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a small number: " + s);
        }
        return Integer.parseInt(s);
    }

    private static Fit fit(String s) {
        if (s == null || s.isEmpty()) {
            return Fit.INSIDE;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "inside" -> Fit.INSIDE;
            case "cover" -> Fit.COVER;
            case "exact" -> Fit.EXACT;
            default -> throw new IllegalArgumentException("fit must be inside, cover or exact");
        };
    }

    private static byte[] mac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
