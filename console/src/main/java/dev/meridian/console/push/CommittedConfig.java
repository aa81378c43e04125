package dev.meridian.console.push;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this console on the committed config version. The console that commits a push switches at
 * once; every other console sharing the database finds the new version in {@code config_head} on its
 * next {@link #follow()} (and at start), so all consoles serve the same customers and properties.
 */
public final class CommittedConfig {
    private static final Logger log = LoggerFactory.getLogger(CommittedConfig.class);

    private final ConfigHolder holder;
    private final ConfigLoader loader;
    private final ConfigVersions versions;
    private long running;

    public CommittedConfig(ConfigHolder holder, ConfigLoader loader, ConfigVersions versions) {
        this.holder = holder;
        this.loader = loader;
        this.versions = versions;
    }

    /** The committed version this console runs; 0 while it runs the file it was started with. */
    public synchronized long running() {
        return running;
    }

    /** Switches to {@code version} if it is newer than what runs. */
    public synchronized void apply(long version, String yaml) {
        if (version <= running) {
            return;
        }
        try {
            MeridianConfig config = loader.loadYaml("config version " + version, yaml);
            holder.reload(() -> config);
            running = version;
        } catch (ConfigException e) {
            // Validated when it was pushed; only this console's environment can make it fail here.
            log.error("this console cannot run committed config version {} and keeps version {}:\n{}", version, running,
                    e.getMessage());
        }
    }

    /** Looks for a version committed through another console. */
    public void follow() {
        try {
            if (versions.committedVersion() > running()) {
                versions.committed().ifPresent(v -> apply(v.version(), v.yaml()));
            }
        } catch (SQLException e) {
            log.warn("cannot read the committed config version: {}", e.toString());
        }
    }
}
