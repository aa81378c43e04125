package dev.meridian.uplink.ship;

import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.spool.DiskSpool;
import dev.meridian.uplink.usage.UsageSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether and where a node ships usage: only when the config has a console section that names this
 * node. Anything else keeps the node as it was, with no counters, spool or thread.
 *
 * @param console the console section
 * @param node    this node's entry in {@code console.nodes}
 */
public record UsageUplink(ConsoleConfig console, ConsoleNodeConfig node) {
    private static final Logger log = LoggerFactory.getLogger(UsageUplink.class);

    /** The uplink of node {@code id}, or empty when it does not report to a console. */
    public static Optional<UsageUplink> of(MeridianConfig config, String id) {
        Optional<ConsoleConfig> console = config.consoleConfig();
        if (console.isEmpty()) {
            return Optional.empty();
        }
        Optional<ConsoleNodeConfig> node = console.get().node(id);
        if (node.isEmpty()) {
            log.warn("the config has a console but no console.nodes entry '{}': this node's usage is not counted", id);
            return Optional.empty();
        }
        return Optional.of(new UsageUplink(console.get(), node.get()));
    }

    /** Where this node's spool lives: {@code <console.usage.spoolDir>/<node id>}. */
    public Path spoolDir() {
        return Path.of(console.usage().spoolDir()).resolve(node.id());
    }

    /** Opens the spool and starts shipping what {@code source} counts. */
    public UsageShipper start(UsageSource source) {
        DiskSpool spool;
        try {
            spool = DiskSpool.open(spoolDir(), console.usage().spool().bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage spool " + spoolDir(), e);
        }
        return new UsageShipper(node.id(), console.url(), node.token(), spool, source, console.usage().shipEvery(),
                System::currentTimeMillis).start();
    }
}
