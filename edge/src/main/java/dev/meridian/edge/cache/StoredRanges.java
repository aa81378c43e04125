package dev.meridian.edge.cache;

import dev.meridian.edge.http.HttpDates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of one representation the edge holds without holding it whole (RFC 9111 3.3, 3.4): the
 * byte ranges of the 206 responses the origin sent, merged where they touch or overlap, with the
 * header fields of the newest part (3.4: they replace the older ones) and the representation's length.
 * It may hold no part at all: the origin's whole answer was too large to keep, and only its length
 * and validator are known, enough to ask for ranges next time rather than for the whole again.
 *
 * <p>Parts are combined only when they share a strong validator: the same strong entity tag, or,
 * without one, the same Last-Modified date that is strong by RFC 9110 8.8.2.2 (at least a minute
 * before the response's Date). A part of another representation (another validator, or another
 * length) replaces everything held. Immutable; every merge returns a new instance.
 */
public final class StoredRanges {
    /** Most separate parts kept for one representation: more, and the older ones are dropped. */
    public static final int MAX_PIECES = 16;
    /** RFC 9110 8.8.2.2: a Last-Modified this long before Date is a strong validator. */
    private static final long STRONG_DATE_MARGIN_MILLIS = 60_000;

    /** Bytes {@code first} to {@code first + bytes.length - 1} of the representation. */
    public record Piece(long first, byte[] bytes) {
        public long last() {
            return first + bytes.length - 1;
        }
    }

    private final CachedResponse head;
    private final String validator;
    private final long total;
    private final List<Piece> pieces;

    private StoredRanges(CachedResponse head, String validator, long total, List<Piece> pieces) {
        this.head = head;
        this.validator = validator;
        this.total = total;
        this.pieces = List.copyOf(pieces);
    }

    /**
     * What {@code head} (a complete response's header fields, or a 206's without Content-Range,
     * as status 200 with no body) says of a representation of {@code total} bytes, no part held;
     * null when it has no strong validator, so that no part of it could ever be combined.
     */
    public static StoredRanges lengthOnly(CachedResponse head, long total) {
        String v = strongValidator(head);
        return v == null ? null : new StoredRanges(head, v, total, List.of());
    }

    /**
     * {@code held} with one more part: merged with the parts held when they belong to the same
     * representation, alone otherwise. Null when the part cannot be kept: no strong validator, or
     * larger than {@code maxBytes} by itself. When the merged parts would exceed {@link #MAX_PIECES}
     * or {@code maxBytes}, the older parts are dropped and the new one kept alone.
     *
     * @param held what was held for the URL, or null
     */
    public static StoredRanges merge(StoredRanges held, CachedResponse head, long total, long first, byte[] bytes,
                                     long maxBytes) {
        String v = strongValidator(head);
        if (v == null || bytes.length == 0 || bytes.length > maxBytes || first + bytes.length > total) {
            return null;
        }
        Piece added = new Piece(first, bytes);
        if (held == null || !held.sameRepresentation(v, total)) {
            return new StoredRanges(head, v, total, List.of(added));
        }
        List<Piece> merged = coalesce(held.pieces, added);
        long bytesHeld = merged.stream().mapToLong(p -> p.bytes().length).sum();
        if (merged.size() > MAX_PIECES || bytesHeld > maxBytes) {
            return new StoredRanges(head, v, total, List.of(added));
        }
        return new StoredRanges(head, v, total, merged);
    }

    /** {@code held} if it already knows this representation (its parts are kept), else {@link #lengthOnly}. */
    public static StoredRanges remember(StoredRanges held, CachedResponse head, long total) {
        String v = strongValidator(head);
        if (v == null) {
            return null;
        }
        return held != null && held.sameRepresentation(v, total) ? held : new StoredRanges(head, v, total, List.of());
    }

    /** Whether a response with these header fields and length is of the representation held. */
    boolean describes(CachedResponse other, long otherTotal) {
        String v = strongValidator(other);
        return v != null && sameRepresentation(v, otherTotal);
    }

    private boolean sameRepresentation(String otherValidator, long otherTotal) {
        return validator.equals(otherValidator) && total == otherTotal;
    }

    private static List<Piece> coalesce(List<Piece> held, Piece added) {
        List<Piece> all = new ArrayList<>(held);
        all.add(added);
        all.sort(Comparator.comparingLong(Piece::first));
        List<Piece> out = new ArrayList<>(all.size());
        Piece run = all.get(0);
        for (int i = 1; i < all.size(); i++) {
            Piece next = all.get(i);
            if (next.first() <= run.last() + 1) {
                run = join(run, next);
            } else {
                out.add(run);
                run = next;
            }
        }
        out.add(run);
        return out;
    }

    /** Two touching or overlapping parts as one; {@code b} starts at or after {@code a}. */
    private static Piece join(Piece a, Piece b) {
        if (b.last() <= a.last()) {
            return a;
        }
        byte[] joined = Arrays.copyOf(a.bytes(), (int) (b.last() - a.first() + 1));
        int from = (int) (a.last() + 1 - b.first());
        System.arraycopy(b.bytes(), from, joined, a.bytes().length, b.bytes().length - from);
        return new Piece(a.first(), joined);
    }

    /**
     * The validator parts must share to be combined, as text: a strong entity tag, else a strong
     * Last-Modified; null when there is none (a weak tag, or a date too close to the response's).
     */
    static String strongValidator(CachedResponse r) {
        String etag = r.etag();
        if (etag != null) {
            return etag.startsWith("W/") ? null : "etag " + etag;
        }
        long modified = r.lastModified();
        long date = HttpDates.parse(r.first("Date"));
        if (modified == HttpDates.INVALID || date == HttpDates.INVALID || date - modified < STRONG_DATE_MARGIN_MILLIS) {
            return null;
        }
        return "last-modified " + modified;
    }

    /** Bytes {@code first} to {@code last} inclusive, or null when no one part holds them all. */
    public byte[] bytes(long first, long last) {
        for (Piece p : pieces) {
            if (p.first() <= first && last <= p.last()) {
                return Arrays.copyOfRange(p.bytes(), (int) (first - p.first()), (int) (last - p.first() + 1));
            }
        }
        return null;
    }

    /** Whether the parts make up the whole representation. */
    public boolean complete() {
        return pieces.size() == 1 && pieces.get(0).first() == 0 && pieces.get(0).bytes().length == total;
    }

    /** The newest part's header fields, as status 200 without a body: freshness and what clients are sent. */
    public CachedResponse head() {
        return head;
    }

    /** The representation's length in bytes. */
    public long total() {
        return total;
    }

    public List<Piece> pieces() {
        return pieces;
    }

    /** Approximate bytes held, for weighing the store. */
    public int weight() {
        long bytes = pieces.stream().mapToLong(p -> p.bytes().length + 48L).sum();
        return (int) Math.min(Integer.MAX_VALUE, head.weight() + bytes);
    }
}
