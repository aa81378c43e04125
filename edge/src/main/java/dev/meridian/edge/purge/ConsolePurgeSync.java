package dev.meridian.edge.purge;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.PurgeControlConfig;
import dev.meridian.uplink.purge.PurgeFeedClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a POP caught up with the console's purges: at start, before the POP serves ({@link #open()} is
 * false until then, and the client listener answers 503 and {@code /healthz} is unhealthy), and then
 * every {@code console.purge.pollEvery}, which is also how a POP that was cut off catches up once it
 * reaches the console again.
 *
 * <p>A console that cannot be reached at start holds the POP closed for {@code console.purge.startWait}
 * at most; then it serves anyway, logging an error on every failed attempt until it has caught up. The
 * trade-off is deliberate: a console outage must not take every POP that restarts during it off the
 * network, and what such a POP may serve is only what it held before (anything it fills is fresh).
 * Operators who prefer the other side set a long {@code startWait}.
 */
public final class ConsolePurgeSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsolePurgeSync.class);
    static final Duration FEED_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final String popId;
    private final PurgeSequencer sequencer;
    private final PurgeControlConfig settings;
    private final ScheduledExecutorService thread;
    private final AutoCloseable client;
    private volatile boolean open;
    private volatile boolean caughtUp;
    private boolean failing;

    ConsolePurgeSync(String popId, PurgeSequencer sequencer, PurgeControlConfig settings, AutoCloseable client) {
        this.popId = popId;
        this.sequencer = sequencer;
        this.settings = settings;
        this.client = client;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("edge-" + popId + "-purge-sync"));
        t.setRemoveOnCancelPolicy(true);
        this.thread = t;
    }

    /**
     * The POP's sync, when the config has a console and lists this POP among its nodes; else empty (the POP
     * serves at once, as without a console).
     *
     * @param diskDir            the disk store's directory, if the POP has a disk tier
     * @param everyTierAvailable whether a purge applied now reaches every tier
     * @param somethingStored    whether the cache held anything when the POP started
     */
    public static Optional<ConsolePurgeSync> start(ConfigHolder config, String popId, Purger purger, Optional<Path> diskDir,
                                                   BooleanSupplier everyTierAvailable, boolean somethingStored) {
        Optional<ConsoleConfig> console = config.get().consoleConfig();
        Optional<String> token = console.flatMap(c -> c.node(popId))
                .filter(n -> n.role() == ConsoleNodeConfig.NodeRole.EDGE).map(ConsoleNodeConfig::token);
        if (console.isEmpty() || token.isEmpty()) {
            if (console.isPresent()) {
                log.warn("POP {} is not an edge node in console.nodes: it does not take purges from the console", popId);
            }
            return Optional.empty();
        }
        PurgeFeedClient client = new PurgeFeedClient(console.get().url(), token.get(), FEED_TIMEOUT);
        PurgeSequencer sequencer = new PurgeSequencer(config, new PurgeApplier(purger, popId), client::fetch,
                diskDir.map(PurgePosition::beside).orElse(null), everyTierAvailable, somethingStored);
        ConsolePurgeSync sync = new ConsolePurgeSync(popId, sequencer, console.get().purge(), client);
        sync.begin();
        return Optional.of(sync);
    }

    void begin() {
        long startWait = settings.startWait().toMillis();
        thread.schedule(() -> {
            if (!caughtUp) {
                open = true;
                log.error("POP {} SERVES WITHOUT HAVING CAUGHT UP ON PURGES: the console did not answer within {} ms"
                        + " (console.purge.startWait); it may serve content purged while it was away until it does", popId, startWait);
            }
        }, startWait, TimeUnit.MILLISECONDS);
        thread.execute(() -> firstCatchUp(FIRST_RETRY));
    }

    private void firstCatchUp(Duration retry) {
        try {
            int n = sequencer.catchUp();
            caughtUp = true;
            open = true;
            log.info("POP {} caught up on purges: applied {} (position {}); serving", popId, n, sequencer.applied());
            long every = settings.pollEvery().toMillis();
            thread.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            (open ? log.atError() : log.atWarn()).log("POP {} cannot catch up on purges yet: {}; trying again in {} ms", popId,
                    e.toString(), retry.toMillis());
            Duration next = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            thread.schedule(() -> firstCatchUp(next), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        try {
            int n = sequencer.catchUp();
            if (failing || n > 0) {
                log.info("POP {} {}applied {} purges from the console (position {})", popId, failing ? "reached the console again: " : "",
                        n, sequencer.applied());
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                log.warn("POP {} cannot reach the console for purges: {}; it keeps trying every {} ms", popId, e.toString(),
                        settings.pollEvery().toMillis());
            }
            failing = true;
        }
    }

    /** Whether the client listener may serve: caught up once, or {@code startWait} passed. */
    public boolean open() {
        return open;
    }

    public PurgeSequencer sequencer() {
        return sequencer;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            client.close();
        } catch (Exception e) {
            log.warn("while stopping the purge sync: {}", e.toString());
        }
    }
}
