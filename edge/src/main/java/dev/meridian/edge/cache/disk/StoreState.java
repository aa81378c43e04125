package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.KeyRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * What a {@link DiskStore} is right now: {@link OpenStore}, with its directory, lock, log and
 * index, or {@link UnavailableStore}, with only the reason, where every read is a miss and every
 * write is refused. The store delegates every call to its state, so no code runs against a disk
 * that is not there, and none needs to ask first.
 */
sealed interface StoreState permits OpenStore, UnavailableStore {
    /** Why the store cannot be used; empty when it can. */
    Optional<String> unavailableReason();

    Optional<DiskObject> get(String key);

    Optional<DiskObject> getResident(String key);

    boolean contains(String key);

    Optional<DiskObjectWriter> writer(String key, byte[] meta, List<String> tags);

    int remove(KeyRange range);

    int markStale(KeyRange range);

    List<String> keysTagged(String tag, KeyRange within);

    void forEachKey(Consumer<String> action);

    void forEachEntry(ObjLongConsumer<String> action);

    long storedBytes(String key);

    DiskStore.Stats stats();

    void cleanUp();

    void onEvicted(Consumer<String> listener);

    /** The file holding a key's object, or null. */
    Path fileOf(String key);

    /** The state that follows this one once the store is closed. */
    StoreState closed();

    /** Lets go of whatever this state holds; called once the store no longer hands calls to it. */
    void release();
}
