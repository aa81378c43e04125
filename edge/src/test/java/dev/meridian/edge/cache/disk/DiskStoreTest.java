package dev.meridian.edge.cache.disk;

import dev.meridian.edge.cache.KeyRange;
import static dev.meridian.edge.cache.disk.StoreFixtures.assertLogged;
import static dev.meridian.edge.cache.disk.StoreFixtures.body;
import static dev.meridian.edge.cache.disk.StoreFixtures.bytes;
import static dev.meridian.edge.cache.disk.StoreFixtures.bytesOnDisk;
import static dev.meridian.edge.cache.disk.StoreFixtures.captureLog;
import static dev.meridian.edge.cache.disk.StoreFixtures.objectFiles;
import static dev.meridian.edge.cache.disk.StoreFixtures.put;
import static dev.meridian.edge.cache.disk.StoreFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStoreTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final List<DiskStore> opened = new ArrayList<>();

    private DiskStore open(long maxBytes) {
        DiskStore s = DiskStore.open(DiskStore.Settings.of(dir, maxBytes, maxBytes / 2));
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(DiskStore::close);
    }

    @Test
    void storesStreamedBodiesWithTheirMeta() throws IOException {
        DiskStore store = open(64 * MB);
        byte[] big = body(3 * 1024 * 1024 + 17, 1);

        assertThat(put(store, "http://www.acme.test/big.bin", "head-1", big)).isTrue();

        DiskObject o = store.get("http://www.acme.test/big.bin").orElseThrow();
        assertThat(o.meta()).isEqualTo(bytes("head-1"));
        assertThat(o.bodyLength()).isEqualTo(big.length);
        assertThat(o.stale()).isFalse();
        // Large bodies are mapped from the file, never copied onto the heap.
        assertThat(o.mapped()).isTrue();
        assertThat(read(store, "http://www.acme.test/big.bin")).isEqualTo(big);
        put(store, "http://www.acme.test/small.css", "head-2", body(2000, 2));
        assertThat(store.get("http://www.acme.test/small.css").orElseThrow().mapped()).isFalse();
        assertThat(store.get("http://www.acme.test/other")).isEmpty();
        assertThat(store.stats().hits()).isEqualTo(3);
        assertThat(store.stats().misses()).isEqualTo(1);
    }

    @Test
    void survivesRestartWithStaleMarksAndWithoutLeftovers() throws IOException {
        DiskStore first = open(64 * MB);
        for (int i = 0; i < 50; i++) {
            put(first, "http://www.acme.test/i/" + i, "m" + i, body(1000 + i, i));
        }
        put(first, "http://www.acme.test/i/7", "replaced", body(10, 9));
        first.markStale(KeyRange.url("http://www.acme.test/i/3"));
        first.remove(KeyRange.url("http://www.acme.test/i/4"));
        first.close();

        DiskStore second = open(64 * MB);

        assertThat(second.stats().objects()).isEqualTo(49);
        assertThat(read(second, "http://www.acme.test/i/42")).isEqualTo(body(1042, 42));
        assertThat(second.get("http://www.acme.test/i/7").orElseThrow().meta()).isEqualTo(bytes("replaced"));
        assertThat(second.get("http://www.acme.test/i/3").orElseThrow().stale()).isTrue();
        assertThat(second.get("http://www.acme.test/i/4")).isEmpty();
        assertThat(objectFiles(dir)).hasSize(49);
        assertThat(second.stats().bytes()).isEqualTo(bytesOnDisk(dir));
    }

    private static void putTagged(DiskStore store, String key, List<String> tags) {
        DiskObjectWriter w = store.writer(key, bytes("m"), tags).orElseThrow();
        assertThat(w.write(ByteBuffer.wrap(body(100, 1)))).isTrue();
        assertThat(w.commit()).isTrue();
    }

    @Test
    void tagsAreIndexedKeptInTheLogAndFollowReplacementsAndRemovals() throws IOException {
        KeyRange all = KeyRange.prefix("");
        DiskStore first = open(64 * MB);
        putTagged(first, "http://www.acme.test/a", List.of("red", "big"));
        putTagged(first, "http://www.acme.test/b", List.of("red"));
        putTagged(first, "http://www.acme.test/c", List.of("red"));
        putTagged(first, "http://www.globex.test/d", List.of("red"));
        putTagged(first, "http://www.acme.test/b", List.of("blue"));
        first.remove(KeyRange.url("http://www.acme.test/c"));
        assertThat(first.keysTagged("red", all)).containsExactly("http://www.acme.test/a", "http://www.globex.test/d");
        assertThat(first.keysTagged("red", KeyRange.prefix("http://www.acme.test/"))).containsExactly("http://www.acme.test/a");
        assertThat(first.keysTagged("blue", all)).containsExactly("http://www.acme.test/b");
        // The log as a crash would leave it (appended records, not the rewrite of a clean shutdown).
        byte[] appended = Files.readAllBytes(dir.resolve("index.log"));
        first.close();
        DiskStore rewritten = open(64 * MB);
        assertThat(rewritten.keysTagged("red", all)).containsExactly("http://www.acme.test/a", "http://www.globex.test/d");
        assertThat(rewritten.keysTagged("big", all)).containsExactly("http://www.acme.test/a");
        rewritten.close();
        opened.clear();
        Files.write(dir.resolve("index.log"), appended);

        DiskStore replayed = open(64 * MB);

        assertThat(replayed.keysTagged("red", all)).containsExactly("http://www.acme.test/a", "http://www.globex.test/d");
        assertThat(replayed.keysTagged("blue", all)).containsExactly("http://www.acme.test/b");
        assertThat(replayed.keysTagged("green", all)).isEmpty();
        replayed.remove(KeyRange.prefix("http://www.acme.test/"));
        assertThat(replayed.keysTagged("red", all)).containsExactly("http://www.globex.test/d");
        assertThat(replayed.keysTagged("blue", all)).isEmpty();
    }

    @Test
    void aTornIndexLogTailIsCutOffAndLeftoverFilesAreReclaimed() throws IOException {
        DiskStore first = open(64 * MB);
        put(first, "http://www.acme.test/kept", "m", body(500, 1));
        first.close();
        // A crash mid-append: half a record at the end of the log.
        Files.write(dir.resolve("index.log"), new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        // A crash after the rename but before the log record, and one before the rename.
        Path orphan = dir.resolve("objects/01/0000000000000101");
        Files.write(orphan, body(100, 2));
        Path temp = dir.resolve("tmp/0000000000000102.tmp");
        Files.write(temp, body(100, 3));
        ListAppender<ILoggingEvent> log = captureLog(OpenStore.class);

        DiskStore second = open(64 * MB);

        assertThat(read(second, "http://www.acme.test/kept")).isEqualTo(body(500, 1));
        assertLogged(log, "torn record");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(orphan) && !Files.exists(temp));
        put(second, "http://www.acme.test/after", "m", body(10, 1));
        second.close();
        assertThat(read(open(64 * MB), "http://www.acme.test/after")).isEqualTo(body(10, 1));
    }

    @Test
    void aHotLargeObjectIsReadFromItsFileOnceAndNeverOutlivesItsEntry() throws IOException {
        DiskStore store = open(64 * MB);
        String k = "http://h.test/hot.bin";
        put(store, k, "v1", body(200_000, 1));
        Path file = store.fileOf(k);
        assertThat(read(store, k)).isEqualTo(body(200_000, 1));
        // Kept mapped: the next hit does not open the file again (its path leads nowhere for a moment).
        Path aside = file.resolveSibling("aside");
        Files.move(file, aside);
        assertThat(read(store, k)).isEqualTo(body(200_000, 1));
        Files.move(aside, file);

        store.markStale(KeyRange.url(k));
        assertThat(store.get(k).orElseThrow().stale()).isTrue();
        put(store, k, "v2", body(200_000, 2));
        assertThat(read(store, k)).as("replaced: the new object, never the old mapping").isEqualTo(body(200_000, 2));
        assertThat(store.get(k).orElseThrow().meta()).isEqualTo(bytes("v2"));
        store.remove(KeyRange.url(k));
        assertThat(store.get(k)).as("purged, though its mapping was kept").isEmpty();
    }

    @Test
    void onlyAKeptMappingInMemoryIsServedWithoutFileIo() throws IOException {
        DiskStore store = open(64 * MB);
        String big = "http://h.test/big.bin";
        String small = "http://h.test/small.css";
        put(store, big, "m", body(300_000, 3));
        put(store, small, "m", body(2_000, 4));
        assertThat(store.getResident(big)).as("never read, so nothing is mapped yet").isEmpty();
        long hits = store.stats().hits();

        assertThat(read(store, big)).isEqualTo(body(300_000, 3));
        assertThat(read(store, small)).isEqualTo(body(2_000, 4));
        DiskObject resident = store.getResident(big).orElseThrow();
        assertThat(resident.mapped()).isTrue();
        byte[] got = new byte[(int) resident.bodyLength()];
        resident.body().get(got);
        assertThat(got).isEqualTo(body(300_000, 3));
        assertThat(store.getResident(small)).as("small bodies are read from the file each time").isEmpty();
        assertThat(store.stats().hits()).isEqualTo(hits + 3);

        store.remove(KeyRange.url(big));
        assertThat(store.getResident(big)).isEmpty();
    }

    @Test
    void truncatedOrCorruptedFilesAreNeverServed() throws IOException {
        DiskStore store = open(64 * MB);
        // Keys of one length, so a swapped file has exactly the length the index expects.
        String[] keys = {"http://h.test/torn", "http://h.test/body", "http://h.test/head", "http://h.test/swap"};
        Map<String, Path> files = new LinkedHashMap<>();
        for (String k : keys) {
            put(store, k, "meta", body(20_000, 7));
            files.put(k, store.fileOf(k));
        }
        put(store, "http://h.test/fine", "meta", body(20_000, 7));
        ListAppender<ILoggingEvent> log = captureLog(OpenStore.class);
        try (FileChannel ch = FileChannel.open(files.get(keys[0]), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        flipByte(files.get(keys[1]), 10_000);
        flipByte(files.get(keys[2]), 20);
        // Same length, valid checksums, but another key's object: still not served.
        Files.copy(store.fileOf("http://h.test/fine"), files.get(keys[3]), StandardCopyOption.REPLACE_EXISTING);

        for (String k : keys) {
            assertThat(store.get(k)).as(k).isEmpty();
            await().until(() -> !Files.exists(files.get(k)));
            assertThat(store.contains(k)).isFalse();
        }
        assertThat(store.stats().corrupt()).isEqualTo(4);
        assertLogged(log, "is corrupt (length");
        assertLogged(log, "is corrupt (body checksum mismatch)");
        assertLogged(log, "is corrupt (header checksum mismatch)");
        assertLogged(log, "is corrupt (holds key http://h.test/fine)");
        assertThat(read(store, "http://h.test/fine")).isEqualTo(body(20_000, 7));
    }

    @Test
    void evictionKeepsTheStoreUnderItsByteBound() throws IOException {
        long bound = 2 * MB;
        DiskStore store = open(bound);
        List<String> evicted = new CopyOnWriteArrayList<>();
        store.onEvicted(evicted::add);
        for (int i = 0; i < 200; i++) {
            put(store, "http://h.test/o/" + i, "m", body(50_000, i));
            if (i % 3 == 0) {
                assertThat(store.get("http://h.test/o/0")).isPresent();
            }
        }
        store.cleanUp();

        await().untilAsserted(() -> assertThat(objectFiles(dir)).hasSize((int) store.stats().objects()));
        assertThat(bytesOnDisk(dir)).isLessThanOrEqualTo(bound);
        assertThat(store.stats().bytes()).isEqualTo(bytesOnDisk(dir));
        assertThat(store.stats().objects()).isBetween(20L, 41L);
        // Frequently read objects survive a stream of one-off writes.
        assertThat(store.contains("http://h.test/o/0")).isTrue();
        // Each evicted key was reported once, and only those.
        assertThat(evicted).doesNotHaveDuplicates().hasSize(200 - (int) store.stats().objects())
                .allSatisfy(k -> assertThat(store.contains(k)).isFalse());
    }

    @Test
    void bodiesOverTheObjectLimitAreNotStored() throws IOException {
        DiskStore store = DiskStore.open(DiskStore.Settings.of(dir, 64 * MB, 100_000));
        opened.add(store);

        assertThat(put(store, "http://h.test/huge", "m", body(100_001, 1))).isFalse();

        assertThat(store.get("http://h.test/huge")).isEmpty();
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    @Test
    void purgesRangesAndSoftPurgesMarkStale() throws IOException {
        DiskStore store = open(64 * MB);
        String[] keys = {"http://www.acme.test/a.jpg", "http://www.acme.test/a.jpg\naccept=image/webp",
                "http://www.acme.test/a.jpg2", "http://www.acme.test/images/1.jpg", "http://www.acme.test/images/2.jpg",
                "http://www.acme.test/imagesX", "https://www.acme.test/images/1.jpg", "http://other.test/images/1.jpg"};
        for (String k : keys) {
            put(store, k, "m", body(100, 1));
        }

        assertThat(store.remove(KeyRange.url("http://www.acme.test/a.jpg"))).isEqualTo(2);
        assertThat(store.contains("http://www.acme.test/a.jpg2")).isTrue();
        assertThat(store.markStale(KeyRange.prefix("http://www.acme.test/images/"))).isEqualTo(2);
        assertThat(store.get("http://www.acme.test/images/2.jpg").orElseThrow().stale()).isTrue();
        assertThat(store.get("http://www.acme.test/imagesX").orElseThrow().stale()).isFalse();
        assertThat(store.remove(KeyRange.prefix("http://www.acme.test/"))).isEqualTo(4);
        assertThat(store.remove(KeyRange.prefix("http://www.acme.test/"))).isZero();
        assertThat(store.contains("https://www.acme.test/images/1.jpg")).isTrue();
        assertThat(store.contains("http://other.test/images/1.jpg")).isTrue();
        await().untilAsserted(() -> assertThat(objectFiles(dir)).hasSize(2));
    }

    @Test
    void aWriteCommittedAfterAPurgeIsTakenBackOut() throws IOException {
        DiskStore store = open(64 * MB);
        DiskObjectWriter w = store.writer("http://h.test/racing", bytes("m"), List.of()).orElseThrow();
        w.write(ByteBuffer.wrap(body(100, 1)));

        assertThat(w.commit(() -> false)).isFalse();

        assertThat(store.get("http://h.test/racing")).isEmpty();
        await().untilAsserted(() -> assertThat(objectFiles(dir)).isEmpty());
    }

    @Test
    void aFullDiskPausesWritesWhileReadsGoOn() throws IOException {
        FailingFiles disk = new FailingFiles(150_000);
        DiskStore store = DiskStore.open(DiskStore.Settings.of(dir, 64 * MB, 32 * MB).withFiles(disk)
                .withWriteBackoff(Duration.ofMillis(300)));
        opened.add(store);
        ListAppender<ILoggingEvent> log = captureLog(DiskHealth.class);
        assertThat(put(store, "http://h.test/before", "m", body(100_000, 1))).isTrue();

        assertThat(put(store, "http://h.test/full", "m", body(100_000, 2))).isFalse();

        assertThat(store.stats().degraded()).isTrue();
        assertThat(store.stats().writeErrors()).isEqualTo(1);
        assertLogged(log, "No space left on device");
        assertThat(store.writer("http://h.test/paused", bytes("m"), List.of())).isEmpty();
        assertThat(read(store, "http://h.test/before")).isEqualTo(body(100_000, 1));
        assertThat(store.get("http://h.test/full")).isEmpty();
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }

        disk.free();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.writer("http://h.test/probe", bytes("m"), List.of()).map(w -> {
            w.abort();
            return true;
        }).orElse(false));
        assertThat(put(store, "http://h.test/after", "m", body(100_000, 3))).isTrue();
        assertThat(store.stats().degraded()).isFalse();
        assertLogged(log, "writes work again");
    }

    @Test
    void aDirectoryThatCannotBeUsedLeavesAnUnavailableStore() throws IOException {
        Path notADirectory = Files.write(dir.resolve("plain-file"), new byte[1]);
        ListAppender<ILoggingEvent> log = captureLog(DiskStore.class);

        DiskStore store = DiskStore.open(DiskStore.Settings.of(notADirectory.resolve("cache"), 64 * MB, MB));
        opened.add(store);

        assertThat(store.available()).isFalse();
        assertThat(store.get("http://h.test/x")).isEmpty();
        assertThat(store.writer("http://h.test/x", bytes("m"), List.of())).isEmpty();
        assertThat(store.remove(KeyRange.prefix("http://"))).isZero();
        assertLogged(log, "unavailable");
        assertLogged(log, "serves from memory and origin");
    }

    @Test
    void aClosedStoreAnswersEveryCallAsUnavailableAndKeepsWhatItCounted() throws IOException {
        DiskStore store = open(64 * MB);
        put(store, "http://h.test/kept", "m", body(100, 1));
        read(store, "http://h.test/kept");

        store.close();

        assertThat(store.available()).isFalse();
        assertThat(store.unavailableReason()).hasValue("closed");
        assertThat(store.get("http://h.test/kept")).isEmpty();
        assertThat(store.contains("http://h.test/kept")).isFalse();
        assertThat(store.writer("http://h.test/new", bytes("m"), List.of())).isEmpty();
        assertThat(store.stats()).satisfies(s -> {
            assertThat(s.available()).isFalse();
            assertThat(s.objects()).isZero();
            assertThat(s.hits()).isEqualTo(1);
        });
        assertThat(read(open(64 * MB), "http://h.test/kept")).as("the directory is free again").isEqualTo(body(100, 1));
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        DiskStore first = open(64 * MB);
        DiskStore second = open(64 * MB);

        assertThat(first.available()).isTrue();
        assertThat(second.available()).isFalse();
        assertThat(second.unavailableReason()).hasValueSatisfying(r -> assertThat(r).contains("in use"));
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            ch.write(one, position);
        }
    }
}
