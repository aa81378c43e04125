package dev.meridian.edge.cache;

import dev.meridian.edge.http.CacheControl;
import dev.meridian.edge.http.CacheTags;
import dev.meridian.edge.http.HeaderField;
import dev.meridian.edge.http.HopByHop;
import dev.meridian.edge.http.HttpDates;
import dev.meridian.edge.http.TargetedCacheControl;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stored response: status, end-to-end headers, body, and what RFC 9111 needs to judge its age and
 * freshness. Immutable; the body is a read-only buffer shared by every request that serves it.
 * Header names are kept as prebuilt {@link HttpString}s so a hit copies references, nothing more.
 * Age, Content-Length and hop-by-hop fields (also those the Connection header names) are not stored.
 * The fields for the edge alone (targeted cache fields, RFC 9213, and the tag fields of
 * {@link CacheTags}) are stored after those sent to clients.
 */
public final class CachedResponse implements CacheEntry {
    private static final Set<String> NOT_STORED = Set.of("age", "content-length", "x-cache");
    /** RFC 9111 3.2: a 304 must not change these stored fields. */
    private static final Set<String> NOT_UPDATED_BY_304 = Set.of("content-length", "content-encoding", "content-range",
            "transfer-encoding");

    private final int status;
    private final HttpString[] names;
    private final String[] values;
    private final ByteBuffer body;
    private final long requestTime;
    private final long responseTime;
    private final long defaultTtlMillis;
    private final long correctedInitialAge;
    private final long lifetime;
    /** The directives the edge follows: a targeted field's (RFC 9213) or else Cache-Control's. */
    private final CacheControl cacheControl;
    /** The Expires text the edge follows: null when absent or overridden by a targeted field. */
    private final String expires;
    /** The stored fields before this index go to clients; those after it are for the edge alone. */
    private final int clientHeaderCount;
    /** The origin's tags for purging by tag ({@link CacheTags}), and how many it sent beyond the bounds. */
    private final CacheTags.Parsed tags;
    private final String etag;
    private final long lastModified;
    private final List<String> varyNames;
    private final boolean varyAny;
    /** Soft-purged: kept for a conditional request, but never served before the origin confirms it. */
    private final boolean purged;
    /**
     * What a later stage worked out from this response and keeps with it, so the requests that serve
     * it do not each work it out again. Written racily (two requests may both compute it; either
     * write may win), so it must be an object whose fields are final.
     */
    private Object derived;

    /**
     * @param headers      the origin response's header fields (hop-by-hop, Age and Content-Length are dropped)
     * @param body         the whole body; the buffer is not copied, so callers must not change it
     * @param requestTime  epoch millis when the edge sent the request that produced the response
     * @param responseTime epoch millis when the edge received it
     * @param defaultTtl   the property's TTL for responses without freshness information (zero: off)
     */
    public CachedResponse(int status, List<HeaderField> headers, ByteBuffer body, long requestTime, long responseTime,
                          Duration defaultTtl) {
        this.status = status;
        List<HeaderField> kept = new ArrayList<>(headers.size());
        List<HeaderField> edgeOnly = new ArrayList<>(0);
        List<String> connection = headers.stream().filter(h -> h.name().equalsIgnoreCase("Connection")).map(HeaderField::value).toList();
        long ageSeconds = -1;
        int ageFields = 0;
        for (HeaderField h : headers) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if (lower.equals("age")) {
                // Age is a single value: two fields make a list, as invalid as "5, 6" (RFC 9111 5.1).
                ageSeconds = ++ageFields == 1 ? parseAge(h.value()) : -1;
            }
            if (TargetedCacheControl.isTargeted(lower) || CacheTags.isTagField(lower)) {
                edgeOnly.add(h);
            } else if (!NOT_STORED.contains(lower) && !HopByHop.isHopByHop(lower, connection)) {
                kept.add(h);
            }
        }
        this.clientHeaderCount = kept.size();
        kept.addAll(edgeOnly);
        this.names = new HttpString[kept.size()];
        this.values = new String[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            names[i] = HttpString.tryFromString(kept.get(i).name());
            values[i] = kept.get(i).value();
        }
        this.body = body.asReadOnlyBuffer();
        this.requestTime = requestTime;
        this.responseTime = responseTime;
        this.defaultTtlMillis = defaultTtl.toMillis();
        TargetedCacheControl.Policy policy = TargetedCacheControl.select(this::all);
        this.cacheControl = policy.cacheControl();
        this.expires = policy.expires();
        this.tags = CacheTags.parse(this::all);
        this.etag = first("ETag");
        this.lastModified = HttpDates.parse(first("Last-Modified"));
        long date = HttpDates.parse(first("Date"));
        this.correctedInitialAge = Freshness.correctedInitialAgeMillis(ageSeconds, date, requestTime, responseTime);
        this.lifetime = Freshness.lifetimeMillis(cacheControl, status, date, expires, lastModified, responseTime,
                defaultTtlMillis);
        TreeSet<String> vary = new TreeSet<>();
        for (String v : all("Vary")) {
            for (String token : v.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    vary.add(t);
                }
            }
        }
        this.varyAny = vary.contains("*");
        this.varyNames = List.copyOf(vary);
        this.purged = false;
    }

    private CachedResponse(CachedResponse r, boolean purged) {
        this.status = r.status;
        this.names = r.names;
        this.values = r.values;
        this.body = r.body;
        this.requestTime = r.requestTime;
        this.responseTime = r.responseTime;
        this.defaultTtlMillis = r.defaultTtlMillis;
        this.correctedInitialAge = r.correctedInitialAge;
        this.lifetime = r.lifetime;
        this.cacheControl = r.cacheControl;
        this.expires = r.expires;
        this.clientHeaderCount = r.clientHeaderCount;
        this.tags = r.tags;
        this.etag = r.etag;
        this.lastModified = r.lastModified;
        this.varyNames = r.varyNames;
        this.varyAny = r.varyAny;
        this.purged = purged;
    }

    /**
     * This response after a soft purge: the next request revalidates it with the origin (a 304 then
     * keeps the body), and it is not served stale-while-revalidate. Stale-if-error still applies.
     */
    public CachedResponse softPurged() {
        return purged ? this : new CachedResponse(this, true);
    }

    public boolean purged() {
        return purged;
    }

    /** The Age header's delta-seconds (capped at 2^31, never wrapped), or -1 when it is not one. */
    private static long parseAge(String value) {
        return CacheControl.deltaSeconds(value.trim(), -1);
    }

    /**
     * The stored response as refreshed by a 304 (RFC 9111 4.3.4): the 304's header fields replace
     * stored ones of the same name; body and status stay; age restarts from the 304's exchange.
     */
    public CachedResponse refreshedBy(List<HeaderField> notModifiedHeaders, long requestTime, long responseTime) {
        Set<String> replaced = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (HeaderField h : notModifiedHeaders) {
            if (!NOT_UPDATED_BY_304.contains(h.name().toLowerCase(Locale.ROOT))) {
                replaced.add(h.name());
            }
        }
        List<HeaderField> merged = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!replaced.contains(names[i].toString())) {
                merged.add(new HeaderField(names[i].toString(), values[i]));
            }
        }
        for (HeaderField h : notModifiedHeaders) {
            if (replaced.contains(h.name())) {
                merged.add(h);
            }
        }
        return new CachedResponse(status, merged, body, requestTime, responseTime, Duration.ofMillis(defaultTtlMillis));
    }

    /** Age in milliseconds at {@code now} (RFC 9111 4.2.3 current_age). */
    public long ageMillis(long now) {
        return correctedInitialAge + Math.max(0, now - responseTime);
    }

    /** The value of the Age header to send at {@code now}. */
    public long ageSeconds(long now) {
        return ageMillis(now) / 1000;
    }

    public boolean isFresh(long now) {
        return !purged && lifetime > ageMillis(now);
    }

    /** Usable without asking the origin: fresh, and not marked no-cache. */
    public boolean servableWithoutValidation(long now) {
        return !cacheControl.noCache() && isFresh(now);
    }

    /**
     * Whether the edge's own refresh interval asks for a revalidation before reuse: that long has
     * passed since this response was fetched or last revalidated ({@code refresh:}, 0: never).
     */
    public boolean dueForRefresh(long refreshMillis, long now) {
        return refreshMillis > 0 && now - responseTime >= refreshMillis;
    }

    /**
     * May be served when the origin gives no usable answer: still fresh (the edge was only
     * revalidating early, on its own refresh interval), or stale within {@code stale-if-error}.
     */
    public boolean servableOnOriginError(long now) {
        return servableWithoutValidation(now) || staleIfErrorAllows(now);
    }

    /** May be served stale while one background request revalidates it. */
    public boolean staleWhileRevalidateAllows(long now) {
        return !purged && allowsStaleFor(cacheControl.staleWhileRevalidate(), now);
    }

    /** May be served stale because the origin failed. */
    public boolean staleIfErrorAllows(long now) {
        return allowsStaleFor(cacheControl.staleIfError(), now);
    }

    private boolean allowsStaleFor(long windowSeconds, long now) {
        if (windowSeconds == CacheControl.ABSENT || cacheControl.forbidsStale() || cacheControl.noCache()) {
            return false;
        }
        return ageMillis(now) < lifetime + windowSeconds * 1000;
    }

    /** Whether a revalidating request can be made (the response carries a validator). */
    public boolean hasValidator() {
        return etag != null || lastModified != HttpDates.INVALID;
    }

    public String first(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalToString(name)) {
                return values[i];
            }
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalToString(name)) {
                out.add(values[i]);
            }
        }
        return out;
    }

    /** The stored header fields, in order. */
    public List<HeaderField> headers() {
        List<HeaderField> out = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            out.add(new HeaderField(names[i].toString(), values[i]));
        }
        return out;
    }

    /** Every stored field, those for the edge alone included (they come last). */
    public int headerCount() {
        return names.length;
    }

    /** The stored fields sent to clients: indexes below this; the targeted cache fields are not among them. */
    public int clientHeaderCount() {
        return clientHeaderCount;
    }

    public HttpString headerName(int i) {
        return names[i];
    }

    public String headerValue(int i) {
        return values[i];
    }

    public int status() {
        return status;
    }

    /** A fresh view of the body for one response (position 0, shared content). */
    public ByteBuffer body() {
        return body.duplicate();
    }

    public int bodyLength() {
        return body.remaining();
    }

    public long requestTime() {
        return requestTime;
    }

    public long responseTime() {
        return responseTime;
    }

    public Duration defaultTtl() {
        return Duration.ofMillis(defaultTtlMillis);
    }

    public long lifetimeMillis() {
        return lifetime;
    }

    /** The directives the edge follows (see {@link TargetedCacheControl}); not necessarily the client's Cache-Control. */
    public CacheControl cacheControl() {
        return cacheControl;
    }

    /** The Expires text the edge follows: null when absent or overridden by a targeted field. */
    public String expires() {
        return expires;
    }

    public String etag() {
        return etag;
    }

    /** Last-Modified in epoch millis, or {@link HttpDates#INVALID}. */
    public long lastModified() {
        return lastModified;
    }

    /** Lower-case, sorted request header names from Vary; empty when the response does not vary. */
    public List<String> varyNames() {
        return varyNames;
    }

    public boolean varyAny() {
        return varyAny;
    }

    /** The origin's tags for this response (Surrogate-Key, Cache-Tag), within {@link CacheTags}' bounds. */
    public List<String> tags() {
        return tags.tags();
    }

    /** How many tags the origin sent beyond {@link CacheTags}' bounds (ignored). */
    public int ignoredTags() {
        return tags.ignored();
    }

    /** What a later stage kept with this response, if it is of that type; else null. */
    public <T> T derived(Class<T> type) {
        Object d = derived;
        return type.isInstance(d) ? type.cast(d) : null;
    }

    /** Keeps something worked out from this response with it (see {@link #derived(Class)}), replacing what was kept. */
    public void derive(Object value) {
        derived = value;
    }

    @Override
    public int weight() {
        int headerBytes = 0;
        for (int i = 0; i < names.length; i++) {
            headerBytes += names[i].length() + values[i].length() * 2 + 48;
        }
        return 256 + headerBytes + body.capacity();
    }
}
