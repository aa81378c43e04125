package dev.meridian.uplink.control;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.core.config.ConfigError;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConfigPath;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.ConfigVote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's side of the two-phase config push.
 *
 * <p>The node runs version {@code R}: 0 for the file it was started with, else the console's committed
 * version it last switched to. In phase one the console proposes version {@code N}; the node loads it
 * with its own environment, validates it, asks its {@link NodeCheck}, and if all pass holds it and
 * votes yes. Holding changes nothing that serves. In phase two the console, having recorded the commit
 * in its database, tells every node that voted yes to switch: the node writes the version to its state
 * directory (so a restart without the console still runs it) and swaps it into the {@link ConfigHolder}
 * whole. An abort drops what is held. Only the held version can be committed, so a node never runs a
 * version it did not validate, and never an uncommitted one.
 *
 * <p>A node that missed a commit (it was down, or the commit message was lost) learns of it by asking
 * the console for the committed version ({@link #catchUp}); a committed version is applied without a
 * vote, since everyone else already runs it, but still validated: a version this node cannot run is
 * refused loudly and the node keeps what it runs.
 */
public final class ConfigAgent {
    private static final Logger log = LoggerFactory.getLogger(ConfigAgent.class);
    private static final String VERSION_LINE = "# meridian committed config version ";

    private final String node;
    private final ConfigHolder holder;
    private final ConfigLoader loader;
    private final NodeCheck check;
    private final Path stateFile;

    @GuardedBy("this")
    private Held held;
    @GuardedBy("this")
    private long running;

    private record Held(long version, String yaml, MeridianConfig config) {
    }

    public ConfigAgent(String node, ConfigHolder holder, ConfigLoader loader, NodeCheck check, Path stateDir) {
        this.node = node;
        this.holder = holder;
        this.loader = loader;
        this.check = check;
        this.stateFile = stateDir.resolve(node).resolve("committed.yaml");
    }

    public String node() {
        return node;
    }

    /** The committed version running: 0 until the first commit this node took part in or caught up on. */
    public synchronized long runningVersion() {
        return running;
    }

    /**
     * Switches to the committed version kept in the state directory, if there is one: a node that
     * restarts runs what the network last committed, not the older file it was started from.
     */
    public synchronized void restore() {
        if (!Files.isRegularFile(stateFile)) {
            return;
        }
        try {
            String yaml = Files.readString(stateFile, StandardCharsets.UTF_8);
            long version = Long.parseLong(yaml.substring(VERSION_LINE.length(), yaml.indexOf('\n')).trim());
            MeridianConfig config = validate(version, yaml);
            holder.reload(() -> config);
            running = version;
            log.info("node {} runs committed config version {} from {}", node, version, stateFile);
        } catch (IOException | RuntimeException | ConfigException e) {
            log.error("node {}: the committed config in {} cannot be used ({}); running the file it was started with",
                    node, stateFile, e.getMessage());
        }
    }

    /** Phase one: validate and hold {@code version}, replacing whatever was held. */
    public synchronized ConfigVote prepare(long version, String yaml) {
        if (version <= running) {
            return vote(version, false, "version " + version + " is not newer than the running version " + running);
        }
        try {
            held = new Held(version, yaml, validate(version, yaml));
            return vote(version, true, null);
        } catch (ConfigException e) {
            held = null;
            return vote(version, false, reasons(e));
        }
    }

    /** Phase two: switch to the held {@code version}. */
    public synchronized ConfigVote commit(long version) {
        if (version == running) {
            return vote(version, true, null);
        }
        if (held == null || held.version() != version) {
            return vote(version, false, "version " + version + " is not held here"
                    + (held == null ? "" : " (holding " + held.version() + ")"));
        }
        Held switching = held;
        held = null;
        return apply(switching);
    }

    /** Drops the held {@code version}; a no-op if another one (or none) is held. */
    public synchronized ConfigVote abort(long version) {
        if (held != null && held.version() == version) {
            held = null;
        }
        return vote(version, true, null);
    }

    /** Applies a version the console says is committed, if it is newer than what runs. */
    public synchronized ConfigVote catchUp(long version, String yaml) {
        if (version <= running) {
            return vote(version, true, null);
        }
        try {
            ConfigVote applied = apply(new Held(version, yaml, validate(version, yaml)));
            log.info("node {} caught up on committed config version {}", node, version);
            return applied;
        } catch (ConfigException e) {
            log.error("node {} cannot run committed config version {} and keeps version {}:\n{}", node, version,
                    running, e.getMessage());
            return vote(version, false, reasons(e));
        }
    }

    @GuardedBy("this")
    private ConfigVote apply(Held version) {
        try {
            persist(version);
            holder.reload(version::config);
            running = version.version();
            if (held != null && held.version() <= running) {
                held = null;
            }
            return vote(version.version(), true, null);
        } catch (IOException e) {
            // Switching without the file would let a restart fall back to an older version than the network runs.
            log.error("node {} cannot write {}: not switching to version {}", node, stateFile, version.version(), e);
            return vote(version.version(), false, "cannot write the committed config: " + e.getMessage());
        } catch (ConfigException e) {
            return vote(version.version(), false, reasons(e));
        }
    }

    /** Every error with its path, on one line: what the operator reads in the push's result. */
    private static String reasons(ConfigException e) {
        return e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("; "));
    }

    private MeridianConfig validate(long version, String yaml) throws ConfigException {
        MeridianConfig config = loader.loadYaml("config version " + version, yaml);
        Optional<String> refused = check.refuse(config);
        if (refused.isPresent()) {
            throw new ConfigException("config version " + version,
                    List.of(new ConfigError(ConfigPath.root(), "node " + node + ": " + refused.get())));
        }
        return config;
    }

    private void persist(Held version) throws IOException {
        Files.createDirectories(stateFile.getParent());
        Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        String yaml = version.yaml();
        if (yaml.startsWith(VERSION_LINE)) {
            yaml = yaml.substring(yaml.indexOf('\n') + 1);
        }
        Files.writeString(temp, VERSION_LINE + version.version() + "\n" + yaml, StandardCharsets.UTF_8);
        try {
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private ConfigVote vote(long version, boolean accepted, String message) {
        return new ConfigVote(node, version, accepted, message);
    }
}
