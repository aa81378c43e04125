package dev.meridian.edge.cache.disk;

import dev.meridian.core.config.DiskCacheConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.edge.cache.CacheEntry;
import dev.meridian.edge.cache.CacheTier;
import dev.meridian.edge.cache.CachedResponse;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.cache.StreamingStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk store as a cache tier: responses (head and body) and Vary indexes written through on
 * fill, read back on a memory miss. Writes happen on the fill's worker thread, so a slow disk slows
 * fills rather than growing a queue; a failing disk makes writes no-ops ({@link DiskStore} pauses
 * them) and reads misses, and the POP goes on from memory and the origin.
 */
public final class DiskTier implements CacheTier {
    private static final Logger log = LoggerFactory.getLogger(DiskTier.class);

    private final DiskStore store;

    public DiskTier(DiskStore store) {
        this.store = store;
    }

    /**
     * The disk tier of a POP, if its config has one: the store in {@code <dir>/<pop id>}. A store
     * that cannot be opened still yields a tier (an unavailable one, its reason logged), so the
     * POP starts and the problem shows in the metrics.
     */
    public static Optional<DiskTier> open(PopConfig pop) {
        DiskCacheConfig disk = pop.cache().disk();
        if (disk == null) {
            return Optional.empty();
        }
        return Optional.of(new DiskTier(DiskStore.open(DiskStore.Settings.of(directory(pop).orElseThrow(), disk.size().bytes(),
                disk.maxObjectSize().bytes()))));
    }

    /** Where a POP's disk store lives ({@code <disk.dir>/<pop id>}), if it has a disk tier. */
    public static Optional<Path> directory(PopConfig pop) {
        return Optional.ofNullable(pop.cache().disk()).map(d -> Path.of(d.dir()).resolve(pop.id()));
    }

    /** Whether the store is open: a purge applied while it is not never reaches what it holds. */
    public boolean available() {
        return store.available();
    }

    /** Gauges and counters for the POP's {@code /metrics}. */
    public void bindMetrics(MeterRegistry registry, String popId) {
        Tags tags = Tags.of("pop", popId);
        gauge(registry, "meridian.edge.cache.disk.bytes", "Bytes in the disk tier", tags, s -> s.bytes());
        gauge(registry, "meridian.edge.cache.disk.entries", "Objects in the disk tier", tags, s -> s.objects());
        gauge(registry, "meridian.edge.cache.disk.available", "1 when the disk tier is in use", tags,
                s -> s.available() && !s.degraded() ? 1 : 0);
        counter(registry, "meridian.edge.cache.disk.hits", "Disk tier reads that found a valid object", tags, s -> s.hits());
        counter(registry, "meridian.edge.cache.disk.misses", "Disk tier reads that found nothing usable", tags, s -> s.misses());
        counter(registry, "meridian.edge.cache.disk.corrupt", "Stored objects found corrupt and removed", tags, s -> s.corrupt());
        counter(registry, "meridian.edge.cache.disk.write.errors", "Failed disk writes", tags, s -> s.writeErrors());
    }

    private void gauge(MeterRegistry registry, String name, String help, Tags tags, ToDoubleFunction<DiskStore.Stats> value) {
        Gauge.builder(name, store, st -> value.applyAsDouble(st.stats())).description(help).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, Tags tags, ToDoubleFunction<DiskStore.Stats> value) {
        FunctionCounter.builder(name, store, st -> value.applyAsDouble(st.stats())).description(help).tags(tags).register(registry);
    }

    @Override
    public String name() {
        return "disk";
    }

    @Override
    public CacheEntry lookup(String key) {
        return store.get(key).map(o -> decode(key, o, true)).orElse(null);
    }

    /** A hot object whose pages are in memory, decoded on the calling (I/O) thread; otherwise null. */
    @Override
    public CacheEntry peekResident(String key) {
        // An unreadable head is left for lookup, on a worker, to remove: that writes the index log.
        return store.getResident(key).map(o -> decode(key, o, false)).orElse(null);
    }

    private CacheEntry decode(String key, DiskObject o, boolean removeIfUnreadable) {
        try {
            CacheEntry e;
            if (o.attachment() instanceof CacheEntry decoded) {
                e = decoded;
            } else {
                e = EntryCodec.decode(o.meta(), o.body());
                o.attach(e);
            }
            return o.stale() && e instanceof CachedResponse r ? r.softPurged() : e;
        } catch (IOException | RuntimeException x) {
            if (!removeIfUnreadable) {
                return null;
            }
            log.warn("disk cache: stored head of {} is unreadable ({}); removed", key, x.toString());
            remove(key);
            return null;
        }
    }

    @Override
    public void store(String key, CacheEntry entry) {
        ByteBuffer body = entry instanceof CachedResponse r ? r.body() : ByteBuffer.allocate(0);
        if (body.remaining() > store.maxObjectSize()) {
            return;
        }
        byte[] meta;
        try {
            meta = EntryCodec.encode(entry);
        } catch (IOException e) {
            // A header too long for the format: such a response is simply not kept on disk.
            log.debug("not storing {} on disk: {}", key, e.toString());
            return;
        }
        store.writer(key, meta, entry instanceof CachedResponse r ? r.tags() : List.of()).ifPresent(w -> {
            if (w.write(body)) {
                w.commit();
            }
        });
    }

    @Override
    public Optional<StreamingStore> openStream(String key, CachedResponse head) {
        try {
            return store.writer(key, EntryCodec.encode(head), head.tags()).map(w -> w);
        } catch (IOException e) {
            log.debug("not storing {} on disk: {}", key, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void remove(String key) {
        store.remove(KeyRange.exactly(key));
    }

    @Override
    public int removeRange(KeyRange range) {
        return store.remove(range);
    }

    @Override
    public List<String> keysTagged(String tag, KeyRange within) {
        return store.keysTagged(tag, within);
    }

    @Override
    public int markStale(KeyRange range) {
        return store.markStale(range);
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        store.forEachKey(action);
    }

    @Override
    public void onEvicted(Consumer<String> evicted) {
        store.onEvicted(evicted);
    }

    @Override
    public long storedBytes(String key) {
        return store.storedBytes(key);
    }

    @Override
    public void forEachPersisted(ObjLongConsumer<String> action) {
        store.forEachEntry(action);
    }

    @Override
    public long entryCount() {
        return store.stats().objects();
    }

    @Override
    public long weightedSize() {
        return store.stats().bytes();
    }

    @Override
    public void close() {
        store.close();
    }
}
