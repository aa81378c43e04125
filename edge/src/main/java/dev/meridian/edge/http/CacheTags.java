package dev.meridian.edge.http;

import dev.meridian.uplink.purge.PurgeSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The tags an origin gives a response so it can later be purged by tag: {@code Surrogate-Key}
 * (Fastly's form, tags separated by spaces) and {@code Cache-Tag} (Cloudflare's, separated by
 * commas). Both fields are for the edge alone: it keeps them with the stored object and never sends
 * them to clients. Tags are compared exactly (case-sensitive), as Fastly does; an origin that sends
 * both fields gets the union.
 *
 * <p>Bounded, since every tag costs an entry in each tier's tag index: at most {@link #MAX_TAGS} per
 * response, each at most {@link #MAX_TAG_LENGTH} characters of visible ASCII. What is beyond the
 * bounds is ignored and counted ({@link Parsed#ignored()}), never an error.
 */
public final class CacheTags {
    public static final int MAX_TAGS = 64;
    public static final int MAX_TAG_LENGTH = PurgeSpec.MAX_TAG_LENGTH;
    private static final String SURROGATE_KEY = "surrogate-key";
    private static final String CACHE_TAG = "cache-tag";

    private CacheTags() {
    }

    /** The tags kept and how many were ignored (too many, too long, or not visible ASCII). */
    public record Parsed(List<String> tags, int ignored) {
        public static final Parsed NONE = new Parsed(List.of(), 0);
    }

    /** Whether a response field names tags (and so is the edge's alone). */
    public static boolean isTagField(String name) {
        return name.length() >= CACHE_TAG.length()
                && (name.equalsIgnoreCase(SURROGATE_KEY) || name.equalsIgnoreCase(CACHE_TAG));
    }

    /** @param fieldValues every value of a header field by name (empty when absent) */
    public static Parsed parse(Function<String, List<String>> fieldValues) {
        List<String> surrogate = fieldValues.apply("Surrogate-Key");
        List<String> cacheTag = fieldValues.apply("Cache-Tag");
        if (surrogate.isEmpty() && cacheTag.isEmpty()) {
            return Parsed.NONE;
        }
        Set<String> tags = new LinkedHashSet<>();
        int[] ignored = {0};
        for (String v : surrogate) {
            for (String t : v.split("[ \t]+")) {
                add(tags, t, ignored);
            }
        }
        for (String v : cacheTag) {
            for (String t : v.split(",")) {
                add(tags, t.strip(), ignored);
            }
        }
        return new Parsed(List.copyOf(tags), ignored[0]);
    }

    private static void add(Set<String> tags, String tag, int[] ignored) {
        if (tag.isEmpty() || tags.contains(tag)) {
            return;
        }
        if (tags.size() >= MAX_TAGS || !valid(tag)) {
            ignored[0]++;
            return;
        }
        tags.add(tag);
    }

    /** A tag the edge can keep: 1 to {@link #MAX_TAG_LENGTH} characters, visible ASCII. */
    public static boolean valid(String tag) {
        return PurgeSpec.validTag(tag);
    }
}
