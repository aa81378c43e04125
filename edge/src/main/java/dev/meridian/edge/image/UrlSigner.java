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
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed explicit transformations: {@code /images/a.jpg?v=2&w=300&h=200&fit=cover&q=70&sig=...}, where
 * {@code sig} is the unpadded base64url HMAC-SHA256 of {@code path?<other parameters, as sent>&w=..&h=..&fit=..&q=..}
 * (the four parameters always, in that order, after the rest of the query) under one of the property's
 * keys. The rest of the query is signed too, since it may pick a different original at the origin
 * ({@code /img.php?id=2}). Several keys are accepted so a key can be rotated: sign with the new one,
 * retire the old one later.
 * <p>
 * A query is a transformation when it carries {@code sig}, or when its path names an image (by its
 * extension) and it carries any of the parameters; such a query without a valid signature is refused.
 * Other URLs keep their query as it is, so a search page's {@code ?q=shoes} goes to the origin.
 */
public final class UrlSigner {
    /** Paths whose unsigned transformation parameters are refused rather than passed to the origin. */
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "webp");

    private UrlSigner() {
    }

    /** A parsed request: the transformation (if any) and the query left for the origin. */
    public record Parsed(Optional<Transformation> transformation, String remainingQuery) {
    }

    /** The query of {@code path} for a transformation signed with {@code key}, after the URL's own {@code query} (may be empty). */
    public static String sign(String key, String path, String query, Transformation t) {
        String signed = signedQuery(query, t);
        return signed + "&sig=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, path + "?" + signed));
    }

    private static String signedQuery(String rest, Transformation t) {
        return rest.isEmpty() ? t.canonicalQuery() : rest + "&" + t.canonicalQuery();
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
        if (sig == null && ((w == null && h == null && fit == null && q == null) || !namesImage(path))) {
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
        String remaining = String.join("&", rest);
        String signed = path + "?" + signedQuery(remaining, t);
        boolean ok = false;
        for (String key : keys) {
            // Every key is tried, so timing does not tell which one (if any) matched.
            ok |= MessageDigest.isEqual(mac(key, signed), given);
        }
        if (!ok) {
            throw new Rejection(403, "image transformation signature is not valid");
        }
        return new Parsed(Optional.of(t), remaining);
    }

    private static boolean namesImage(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') && IMAGE_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
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
