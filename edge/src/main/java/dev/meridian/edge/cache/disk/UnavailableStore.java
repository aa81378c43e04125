package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.KeyRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * A store that could not be opened (directory not writable, locked by another process) or was
 * closed: every read a miss, every write refused, nothing held. The POP serves from memory and
 * the origin meanwhile, and the reason shows in the status and metrics.
 *
 * @param stats what the store counted before it became unavailable (zeros when it never opened)
 */
record UnavailableStore(String reason, DiskStore.Stats stats) implements StoreState {
    static final String CLOSED = "closed";

    static UnavailableStore neverOpened(String reason) {
        return new UnavailableStore(reason, new DiskStore.Stats(false, false, 0, 0, 0, 0, 0, 0));
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.of(reason);
    }

    @Override
    public Optional<DiskObject> get(String key) {
        return Optional.empty();
    }

    @Override
    public Optional<DiskObject> getResident(String key) {
        return Optional.empty();
    }

    @Override
    public boolean contains(String key) {
        return false;
    }

    @Override
    public Optional<DiskObjectWriter> writer(String key, byte[] meta, List<String> tags) {
        return Optional.empty();
    }

    @Override
    public List<String> keysTagged(String tag, KeyRange within) {
        return List.of();
    }

    @Override
    public int remove(KeyRange range) {
        return 0;
    }

    @Override
    public int markStale(KeyRange range) {
        return 0;
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        // nothing stored
    }

    @Override
    public void forEachEntry(ObjLongConsumer<String> action) {
        // nothing stored
    }

    @Override
    public long storedBytes(String key) {
        return -1;
    }

    @Override
    public void cleanUp() {
        // nothing to evict
    }

    @Override
    public void onEvicted(Consumer<String> listener) {
        // nothing is ever evicted
    }

    @Override
    public Path fileOf(String key) {
        return null;
    }

    @Override
    public StoreState closed() {
        return this;
    }

    @Override
    public void release() {
        // holds nothing
    }
}
