package dev.meridian.edge.cache;

/**
 * A contiguous range of store keys, {@code [from, to)} in string order. Every key is a canonical URL,
 * optionally followed by a control character and a variant's secondary (Vary) key, so a purge of
 * one URL, a URL prefix or a whole host is a range, and the sorted index walks only what it holds.
 */
public record KeyRange(String from, String to) {
    /** Sorts above every control character and below every character a URL may contain. */
    private static final char FIRST_URL_CHAR = ' ';

    public KeyRange {
        if (from.compareTo(to) >= 0) {
            throw new IllegalArgumentException("empty key range");
        }
    }

    /** One URL and every variant of it, but no longer URL that merely starts with it. */
    public static KeyRange url(String url) {
        return new KeyRange(url, url + FIRST_URL_CHAR);
    }

    /** Exactly one key (one variant, or a URL's primary entry), nothing that merely starts with it. */
    public static KeyRange exactly(String key) {
        return new KeyRange(key, key + '\u0000');
    }

    /** Every key starting with {@code prefix}: URLs are ASCII, so {@code \uffff} ends the range. */
    public static KeyRange prefix(String prefix) {
        return new KeyRange(prefix, prefix + '\uffff');
    }

    public boolean contains(String key) {
        return key.compareTo(from) >= 0 && key.compareTo(to) < 0;
    }
}
