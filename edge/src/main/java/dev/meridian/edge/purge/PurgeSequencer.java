package dev.meridian.edge.purge;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.route.Rejection;
import dev.meridian.uplink.purge.PurgeFeed;
import dev.meridian.uplink.purge.PurgeProtocol;
import dev.meridian.uplink.purge.PurgeSpec;
import dev.meridian.uplink.purge.SequencedPurge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the console's numbered purges in order, whether pushed ({@link #pushed}) or fetched from the
 * feed ({@link #catchUp}), and remembers how far it got: in memory for gaps (a pushed purge numbered
 * beyond the next one first fetches the missing ones), and in the {@link PurgePosition} file for the next
 * start, so that what the disk tier holds is purged of everything it missed while the POP was away.
 *
 * <p>The file only moves while every tier took every purge: a purge applied while the disk tier was
 * unavailable never reached the disk, so the position stays before it until a start with a working disk
 * replays it from the console. Without a saved position, a POP whose disk holds objects replays every
 * purge the console has; one with nothing stored starts at the newest.
 */
public final class PurgeSequencer {
    private static final Logger log = LoggerFactory.getLogger(PurgeSequencer.class);

    /** How the sequencer reads the console's feed (the uplink client, or a test's). */
    @FunctionalInterface
    public interface Feed {
        PurgeFeed fetch(long after, int limit) throws IOException;
    }

    private final ConfigHolder config;
    private final PurgeApplier applier;
    private final Feed feed;
    /** Null without a disk tier: nothing outlives the process, so nothing needs replaying. */
    private final PurgePosition position;
    private final BooleanSupplier everyTierAvailable;
    @GuardedBy("this")
    private long applied;
    @GuardedBy("this")
    private boolean known;
    @GuardedBy("this")
    private boolean positionFrozen;

    PurgeSequencer(ConfigHolder config, PurgeApplier applier, Feed feed, PurgePosition position,
                   BooleanSupplier everyTierAvailable, boolean somethingStored) {
        this.config = config;
        this.applier = applier;
        this.feed = feed;
        this.position = position;
        this.everyTierAvailable = everyTierAvailable;
        OptionalLong saved = position == null ? OptionalLong.empty() : position.load();
        if (saved.isPresent()) {
            applied = saved.getAsLong();
            known = true;
        } else if (somethingStored) {
            applied = 0;
            known = true;
        }
    }

    /** The newest purge applied, every one before it included; -1 before the first catch-up of a POP with nothing stored. */
    public synchronized long applied() {
        return known ? applied : -1;
    }

    /**
     * Fetches and applies every purge after the position, page by page. Blocking (network, disk).
     *
     * @return how many purges were applied
     * @throws IOException when the console cannot be asked; what was applied so far stays applied
     */
    public synchronized int catchUp() throws IOException {
        if (!known) {
            advance(feed.fetch(0, 0).head());
            known = true;
            return 0;
        }
        int n = 0;
        while (true) {
            PurgeFeed page = feed.fetch(applied, PurgeProtocol.MAX_PAGE);
            for (SequencedPurge p : page.purges()) {
                if (p.seq() <= applied) {
                    continue;
                }
                applyFetched(p);
                advance(p.seq());
                n++;
            }
            if (page.purges().size() < PurgeProtocol.MAX_PAGE) {
                return n;
            }
        }
    }

    /**
     * A purge the console pushed. One numbered beyond the next fetches the ones between first (the
     * console committed them before this one); one already applied is acknowledged as it is.
     *
     * @return the purge as applied, or null when it had been applied before
     */
    synchronized PurgeApplier.Applied pushed(long seq, PurgeAuthorizer.Principal who, PurgeRequest request) throws Rejection {
        if (known && seq <= applied) {
            return null;
        }
        if (known && seq > applied + 1) {
            try {
                int n = catchUp();
                log.info("purge {} came after {}: fetched and applied {} missed purges first", seq, applied, n);
            } catch (IOException e) {
                log.warn("purge {} came after {} but the purges between could not be fetched ({}); the next poll will",
                        seq, applied, e.toString());
            }
            if (seq <= applied) {
                return null;
            }
        }
        PurgeApplier.Applied done = applier.apply(config.get(), who, request);
        if (known && seq == applied + 1) {
            advance(seq);
        }
        return done;
    }

    private void applyFetched(SequencedPurge p) {
        MeridianConfig current = config.get();
        try {
            PurgeRequest request = PurgeRequest.parse(p.spec().toJson().getBytes(StandardCharsets.UTF_8));
            PurgeAuthorizer.Principal who = p.customer() == null ? PurgeAuthorizer.Principal.OPERATOR
                    : PurgeAuthorizer.Principal.customer(p.customer());
            applier.apply(current, who, request);
        } catch (Rejection | PurgeRequest.Malformed | PurgeSpec.Malformed e) {
            // The config changed since (a host no longer served, say): nothing of it can be cached here any more.
            log.warn("console purge {} ({} {}) not applicable on this POP: {}", p.seq(), p.kind(), p.target(), e.getMessage());
        }
    }

    @GuardedBy("this")
    private void advance(long seq) {
        applied = seq;
        if (position == null || positionFrozen) {
            return;
        }
        if (!everyTierAvailable.getAsBoolean()) {
            positionFrozen = true;
            log.error("purge {} could not reach the disk tier (unavailable): the saved purge position stays before it,"
                    + " so the next start replays it from the console", seq);
            return;
        }
        try {
            position.save(seq);
        } catch (IOException e) {
            log.warn("could not save the purge position in {}: {}", position, e.toString());
        }
    }
}
