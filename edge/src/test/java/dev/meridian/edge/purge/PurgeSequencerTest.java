package dev.meridian.edge.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.cache.MemoryTier;
import dev.meridian.edge.cache.TieredCache;
import dev.meridian.uplink.purge.PurgeFeed;
import dev.meridian.uplink.purge.SequencedPurge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order, gaps and saved position of the console's numbered purges on one POP. */
class PurgeSequencerTest {
    @TempDir
    Path dir;
    private ConfigHolder config;
    private final TreeMap<Long, SequencedPurge> console = new TreeMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    /** The canonical URL of every purge applied, in order (seen by a derived-content hook). */
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final AtomicBoolean diskAvailable = new AtomicBoolean(true);
    private PurgeApplier applier;

    @BeforeEach
    void setUp() throws Exception {
        config = new ConfigHolder(new ConfigLoader(Map.<String, String>of()::get).loadYaml("t.yaml", """
                pops: [ { id: sjc, edge: { http: 127.0.0.1:1, admin: 127.0.0.1:2 } } ]
                customers:
                  - id: acme
                    properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] } ]
                """));
        PurgeHooks hooks = new PurgeHooks();
        hooks.register((KeyRange range, boolean soft) -> {
            applied.add(range.from());
            return 0;
        });
        applier = new PurgeApplier(new Purger(new TieredCache(new MemoryTier(1 << 20), List.of()), hooks), "sjc");
        for (long seq = 1; seq <= 3; seq++) {
            console.put(seq, new SequencedPurge(seq, "url", "http://acme.cdn.test/" + seq, false, seq == 2 ? null : "acme"));
        }
    }

    private PurgeFeed fetch(long after, int limit) {
        fetches.incrementAndGet();
        long head = console.isEmpty() ? 0 : console.lastKey();
        return new PurgeFeed(head, console.tailMap(after, false).values().stream().limit(limit).toList());
    }

    private PurgeSequencer sequencer(boolean somethingStored) {
        return new PurgeSequencer(config, applier, this::fetch, PurgePosition.beside(dir.resolve("sjc")), diskAvailable::get,
                somethingStored);
    }

    private static PurgeRequest url(long n) throws Exception {
        return PurgeRequest.parse(("{\"url\": \"http://acme.cdn.test/" + n + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static String key(long n) {
        return "http://www.acme.test/" + n;
    }

    @Test
    void aGapInPushedNumbersFetchesTheMissingPurgesFirstAndInOrder() throws Exception {
        PurgeSequencer sequencer = sequencer(true);

        assertThat(sequencer.pushed(1, PurgeAuthorizer.Principal.customer("acme"), url(1))).isNotNull();
        assertThat(fetches).hasValue(0);
        assertThat(sequencer.pushed(3, PurgeAuthorizer.Principal.customer("acme"), url(3))).as("applied by the fetch").isNull();

        assertThat(fetches).hasValue(1);
        assertThat(applied).containsExactly(key(1), key(2), key(3));
        assertThat(sequencer.applied()).isEqualTo(3);
    }

    @Test
    void aPurgeAlreadyAppliedIsAcknowledgedWithoutApplyingItAgain() throws Exception {
        PurgeSequencer sequencer = sequencer(true);
        sequencer.catchUp();

        assertThat(sequencer.pushed(2, PurgeAuthorizer.Principal.OPERATOR, url(2))).isNull();
        assertThat(applied).containsExactly(key(1), key(2), key(3));
    }

    @Test
    void theSavedPositionLetsTheNextStartApplyOnlyWhatItMissed() throws Exception {
        sequencer(true).catchUp();
        console.put(4L, new SequencedPurge(4, "prefix", "http://acme.cdn.test/img/", false, null));
        applied.clear();

        PurgeSequencer restarted = sequencer(true);
        int n = restarted.catchUp();

        assertThat(n).isEqualTo(1);
        assertThat(applied).containsExactly("http://www.acme.test/img/");
        assertThat(PurgePosition.beside(dir.resolve("sjc")).load()).isEqualTo(OptionalLong.of(4));
    }

    @Test
    void purgesAppliedWhileTheDiskTierIsUnavailableAreReplayedOnTheNextStart() throws Exception {
        PurgeSequencer sequencer = sequencer(true);
        sequencer.pushed(1, PurgeAuthorizer.Principal.customer("acme"), url(1));
        diskAvailable.set(false);
        sequencer.catchUp();
        assertThat(sequencer.applied()).isEqualTo(3);
        applied.clear();
        diskAvailable.set(true);

        sequencer(true).catchUp();

        assertThat(PurgePosition.beside(dir.resolve("sjc")).load()).isEqualTo(OptionalLong.of(3));
        assertThat(applied).containsExactly(key(2), key(3));
    }

    @Test
    void aPopWithNothingStoredStartsAtTheNewestPurgeAndOneWithObjectsButNoPositionAppliesAll() throws Exception {
        PurgeSequencer empty = sequencer(false);
        assertThat(empty.applied()).isEqualTo(-1);

        empty.catchUp();

        assertThat(applied).isEmpty();
        assertThat(empty.applied()).isEqualTo(3);

        PurgeSequencer holding = new PurgeSequencer(config, applier, this::fetch, null, () -> true, true);
        holding.catchUp();
        assertThat(applied).containsExactly(key(1), key(2), key(3));
    }

    @Test
    void aFetchedPurgeThisPopCannotApplyIsSkippedNotRetriedForever() throws Exception {
        console.put(4L, new SequencedPurge(4, "host", "gone.cdn.test", false, null));
        console.put(5L, new SequencedPurge(5, "url", "http://acme.cdn.test/5", false, "acme"));
        PurgeSequencer sequencer = sequencer(true);

        sequencer.catchUp();

        assertThat(sequencer.applied()).isEqualTo(5);
        assertThat(applied).endsWith(key(5));
    }
}
