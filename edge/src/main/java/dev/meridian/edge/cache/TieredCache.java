package dev.meridian.edge.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.stream.Stream;

/**
 * The POP's cache: the memory tier in front of any slower tiers. Lookups that hit a slower tier
 * promote the entry to memory when it is small enough; stores and removals go to every tier.
 * Responses that vary are found through the {@link VaryIndex} stored under their URL. Purges go
 * through {@link #purge}, and stores made by fills that a purge overtook are undone.
 */
public final class TieredCache {
    private final MemoryTier memory;
    private final List<CacheTier> lower;
    private final long maxPromoted;
    private final PurgeLog purges = new PurgeLog();
    private final Object[] indexLocks = newLocks(64);
    private final PartialStore partials;

    public TieredCache(MemoryTier memory, List<CacheTier> lower) {
        this(memory, lower, Long.MAX_VALUE);
    }

    /**
     * @param maxPromoted the largest entry (by weight) a hit in a slower tier copies into memory;
     *                    larger ones keep being served from their tier rather than pushing many
     *                    small hot objects out of memory
     */
    public TieredCache(MemoryTier memory, List<CacheTier> lower, long maxPromoted) {
        this.memory = memory;
        this.lower = List.copyOf(lower);
        this.maxPromoted = maxPromoted;
        // Parts are a side line of the memory tier: a quarter of its size, beside it.
        this.partials = new PartialStore(Math.max(1, memory.maxBytes() / 4));
    }

    private static Object[] newLocks(int n) {
        Object[] locks = new Object[n];
        Arrays.setAll(locks, i -> new Object());
        return locks;
    }

    public MemoryTier memory() {
        return memory;
    }

    /** All tiers, fastest first. */
    public List<CacheTier> tiers() {
        return Stream.concat(Stream.of((CacheTier) memory), lower.stream()).toList();
    }

    /** A key and the response stored under it (null when none). */
    public record Found(String key, CachedResponse response) {
    }

    /**
     * Memory, and what slower tiers hold in memory already (a hot disk object's mapped pages); never
     * blocks: safe on I/O threads.
     */
    public Found peek(String url, CacheKeys.RequestHeaders requestHeaders) {
        return find(url, requestHeaders, CacheTier::peekResident);
    }

    /** Every tier; may block on slower tiers, so call it from worker threads. */
    public Found lookup(String url, CacheKeys.RequestHeaders requestHeaders) {
        return find(url, requestHeaders, CacheTier::lookup);
    }

    /** The URL's entry, or through its Vary index the request's variant, each read from slower tiers with {@code read}. */
    private Found find(String url, CacheKeys.RequestHeaders requestHeaders, BiFunction<CacheTier, String, CacheEntry> read) {
        CacheEntry e = findAndPromote(url, read);
        if (e instanceof VaryIndex index) {
            String key = CacheKeys.variant(url, index.names(), requestHeaders);
            return new Found(key, findAndPromote(key, read) instanceof CachedResponse r ? r : null);
        }
        return new Found(url, e instanceof CachedResponse r ? r : null);
    }

    private CacheEntry lookupAndPromote(String key) {
        return findAndPromote(key, CacheTier::lookup);
    }

    /** Memory first, then each slower tier through {@code read}; what a slower tier had is promoted when small enough. */
    private CacheEntry findAndPromote(String key, BiFunction<CacheTier, String, CacheEntry> read) {
        CacheEntry e = memory.lookup(key);
        if (e != null) {
            return e;
        }
        for (CacheTier tier : lower) {
            e = read.apply(tier, key);
            if (e != null) {
                if (e.weight() <= maxPromoted) {
                    memory.store(key, e);
                }
                return e;
            }
        }
        return null;
    }

    /** The response stored under exactly {@code key} (no Vary index involved), memory only: never blocks. */
    public CachedResponse peekKey(String key) {
        return memory.lookup(key) instanceof CachedResponse r ? r : null;
    }

    /** The response stored under exactly {@code key} in any tier, promoted to memory; may block. */
    public CachedResponse lookupKey(String key) {
        return lookupAndPromote(key) instanceof CachedResponse r ? r : null;
    }

    /** Whether there is a tier behind memory (one that may block, and may keep entries across a restart). */
    public boolean layered() {
        return !lower.isEmpty();
    }

    /**
     * What keeping {@code key} costs: its bytes in the slowest tier that holds it (where it outlives
     * a restart), else in memory; -1 when no tier holds it.
     */
    public long storedBytes(String key) {
        for (int i = lower.size() - 1; i >= 0; i--) {
            long bytes = lower.get(i).storedBytes(key);
            if (bytes >= 0) {
                return bytes;
            }
        }
        return memory.storedBytes(key);
    }

    /**
     * Tells {@code evicted} of each key a tier drops on its own to make room (see
     * {@link CacheTier#onEvicted}); another tier may still hold it ({@link #storedBytes} says).
     */
    public void onEvicted(Consumer<String> evicted) {
        memory.onEvicted(evicted);
        lower.forEach(t -> t.onEvicted(evicted));
    }

    /** Every key the slower tiers keep across a restart, with its {@link #storedBytes}. */
    public void forEachPersisted(ObjLongConsumer<String> action) {
        lower.forEach(t -> t.forEachPersisted(action));
    }

    /** Removes exactly {@code key} from every tier. */
    public void remove(String key) {
        removeEverywhere(key);
    }

    /** Whether a purge recorded after {@code mark} covers {@code key}. */
    public boolean purgedSince(PurgeMark mark, String key) {
        return purges.purgedSince(mark, key, List.of());
    }

    /**
     * Stores a response for a request to {@code url}; when it varies, under its variant key with the
     * URL's index updated (at most {@link VaryIndex#MAX_VARIANTS}: the oldest makes room). Returns the key used.
     * Unmarked, so only for this package's marked stores and tests: from outside, a store always
     * carries its {@link PurgeMark}.
     */
    String store(String url, CacheKeys.RequestHeaders requestHeaders, CachedResponse response) {
        partials.remove(url);
        if (response.varyNames().isEmpty()) {
            storeEverywhere(url, response);
            return url;
        }
        String key = CacheKeys.variant(url, response.varyNames(), requestHeaders);
        // Two fills of different variants finishing together would each extend the index they read
        // and one would lose the other's key, hiding that variant from invalidation.
        synchronized (indexLocks[Math.floorMod(url.hashCode(), indexLocks.length)]) {
            VaryIndex index = lookupAndPromote(url) instanceof VaryIndex existing && existing.names().equals(response.varyNames())
                    ? existing : new VaryIndex(response.varyNames(), List.of());
            if (index.full() && !index.variantKeys().contains(key)) {
                // The oldest variant makes room: refusing every new one instead would let anyone who sent
                // enough junk values keep the URL's real variants from ever being cached again.
                removeEverywhere(index.variantKeys().get(0));
                index = index.withoutOldest();
            }
            storeEverywhere(url, index.withVariant(key));
        }
        storeEverywhere(key, response);
        return key;
    }

    /** Replaces the response under an exact key, unmarked (see {@link #store(String, CacheKeys.RequestHeaders, CachedResponse)}). */
    void replace(String key, CachedResponse response) {
        storeEverywhere(key, response);
    }

    /** What is held in part for a URL (RFC 9111 3.3), or null; memory only, never blocks. */
    public StoredRanges partial(String url) {
        return partials.get(url);
    }

    /** The most part bytes one URL may hold. */
    public long maxPartialBytes() {
        return partials.maxBytesPerUrl();
    }

    /**
     * Keeps a 206's part for a fill that began at {@code mark} ({@link StoredRanges#merge}); returns
     * what is then held for the URL, or null when nothing is (not keepable, or a purge overtook the fill).
     *
     * @param head the 206's header fields without Content-Range, as status 200 with no body
     */
    public StoredRanges storePart(String url, CachedResponse head, long total, long first, byte[] bytes, PurgeMark mark) {
        StoredRanges held = partials.add(url, head, total, first, bytes);
        if (held != null && purges.purgedSince(mark, url, head.tags())) {
            partials.remove(url);
            return null;
        }
        return held;
    }

    /**
     * Remembers the length and validator of a representation too large to keep whole, for a fill
     * that began at {@code mark}: later range requests for it are then asked of the origin as ranges.
     */
    public void rememberLength(String url, CachedResponse head, long total, PurgeMark mark) {
        if (partials.remember(url, head, total) != null && purges.purgedSince(mark, url, head.tags())) {
            partials.remove(url);
        }
    }

    /** Forgets what is held in part for a URL (it is stored whole now, or no longer to be trusted). */
    public void dropPartial(String url) {
        partials.remove(url);
    }

    /** Where the purge log stands: a fill takes this before asking the origin. */
    public PurgeMark purgeMark() {
        return purges.mark();
    }

    /**
     * {@link #store} for a fill that began at {@code mark}: if a purge covering the URL arrived
     * meanwhile, the response is taken out of every tier again and null returned, because it may
     * be the very content the purge removed.
     */
    public String store(String url, CacheKeys.RequestHeaders requestHeaders, CachedResponse response, PurgeMark mark) {
        String key = store(url, requestHeaders, response);
        if (key != null && purges.purgedSince(mark, key, response.tags())) {
            removeEverywhere(key);
            return null;
        }
        return key;
    }

    /** {@link #replace} for a revalidation that began at {@code mark}; returns false when a purge overtook it. */
    public boolean replace(String key, CachedResponse response, PurgeMark mark) {
        replace(key, response);
        if (purges.purgedSince(mark, key, response.tags())) {
            removeEverywhere(key);
            return false;
        }
        return true;
    }

    /**
     * Stores a response too large to hold whole while it streams, in the first slower tier that
     * takes it (a response that varies is not stored this way). Committing checks the purge log
     * like {@link #store(String, CacheKeys.RequestHeaders, CachedResponse, PurgeMark)} does.
     */
    public Optional<StreamingStore> openStream(String url, CachedResponse head, PurgeMark mark) {
        if (!head.varyNames().isEmpty()) {
            return Optional.empty();
        }
        for (CacheTier tier : lower) {
            Optional<StreamingStore> store = tier.openStream(url, head);
            if (store.isPresent()) {
                StreamingStore s = store.get();
                return Optional.of(new StreamingStore() {
                    @Override
                    public boolean write(ByteBuffer bytes) {
                        return s.write(bytes);
                    }

                    @Override
                    public boolean commit() {
                        if (!s.commit()) {
                            return false;
                        }
                        if (purges.purgedSince(mark, url, head.tags())) {
                            removeEverywhere(url);
                            return false;
                        }
                        partials.remove(url);
                        return true;
                    }

                    @Override
                    public void abort() {
                        s.abort();
                    }
                });
            }
        }
        return Optional.empty();
    }

    /**
     * Purges a range of keys from every tier: hard removes them, soft marks them for revalidation.
     * Returns the number of entries touched in the tier that held the most (a slower tier holds
     * everything memory does, unless it is off or failing).
     */
    public int purge(KeyRange range, boolean soft) {
        purges.record(range);
        partials.removeRange(range);
        int touched = soft ? memory.markStale(range) : memory.removeRange(range);
        for (CacheTier tier : lower) {
            touched = Math.max(touched, soft ? tier.markStale(range) : tier.removeRange(range));
        }
        return touched;
    }

    /** What a purge by tag did: entries touched, and the URLs of the keys that carried the tag. */
    public record TagPurge(int touched, Set<String> urls) {
    }

    /**
     * Purges every response carrying {@code tag} whose key lies in one of {@code within} (a customer's
     * origins), from every tier: hard removes, soft marks for revalidation. Each tier finds the keys
     * in its own tag index, so this costs what it matches. Recorded in the purge log first, like
     * {@link #purge}, so a fill under way that stores a response with the tag is undone.
     */
    public TagPurge purgeTag(String tag, List<KeyRange> within, boolean soft) {
        PurgeLog.TaggedPurge scope = new PurgeLog.TaggedPurge(tag, within);
        purges.record(scope);
        partials.removeTagged(tag, within);
        Set<String> keys = new TreeSet<>();
        for (CacheTier tier : tiers()) {
            for (KeyRange r : within) {
                keys.addAll(tier.keysTagged(tag, r));
            }
        }
        Set<String> urls = new TreeSet<>();
        for (String key : keys) {
            urls.add(CacheKeys.urlOf(key));
        }
        // Before removing, so a rendition of a matched original stored from now on is undone too.
        urls.forEach(scope::matched);
        int touched = 0;
        for (String key : keys) {
            KeyRange exactly = KeyRange.exactly(key);
            int most = 0;
            for (CacheTier tier : tiers()) {
                most = Math.max(most, soft ? tier.markStale(exactly) : tier.removeRange(exactly));
            }
            touched += most;
        }
        return new TagPurge(touched, urls);
    }

    private void storeEverywhere(String key, CacheEntry entry) {
        memory.store(key, entry);
        for (CacheTier tier : lower) {
            tier.store(key, entry);
        }
    }

    /** Removes a URL and every variant of it from every tier. */
    public void invalidate(String url) {
        partials.remove(url);
        CacheEntry e = lookupAndPromote(url);
        if (e instanceof VaryIndex index) {
            index.variantKeys().forEach(this::removeEverywhere);
        }
        removeEverywhere(url);
    }

    private void removeEverywhere(String key) {
        memory.remove(key);
        for (CacheTier tier : lower) {
            tier.remove(key);
        }
    }
}
