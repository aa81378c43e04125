package dev.meridian.core.config;

import java.time.Duration;

/**
 * How the console pushes config versions to the nodes, and where a node keeps the version it last
 * committed.
 *
 * @param prepareTimeout how long phase one waits for every live node to validate and hold a version;
 *                       a node that has not answered by then aborts the push
 * @param liveness       a node heard from within this long is live and must take part in a push; one
 *                       that is not fetches the committed version when it comes back
 * @param checkEvery     how often a node registers with the console and asks for the committed version
 * @param nodeStateDir   where a node keeps its last committed config ({@code <dir>/<node id>/}), so a
 *                       restart without the console still runs the committed version
 */
public record ConfigPushConfig(Duration prepareTimeout, Duration liveness, Duration checkEvery, String nodeStateDir)
        implements Validatable {
    public static final ConfigPushConfig DEFAULTS = new ConfigPushConfig(null, null, null, null);

    public ConfigPushConfig {
        prepareTimeout = prepareTimeout == null ? Duration.ofSeconds(5) : prepareTimeout;
        liveness = liveness == null ? Duration.ofSeconds(30) : liveness;
        checkEvery = checkEvery == null ? Duration.ofSeconds(10) : checkEvery;
        nodeStateDir = nodeStateDir == null ? "var/node" : nodeStateDir;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("prepareTimeout"), prepareTimeout, d -> d.toMillis() >= 100 && d.toSeconds() <= 60,
                "must be between 100ms and 60s");
        errors.check(at.field("checkEvery"), checkEvery, d -> d.toMillis() >= 100 && d.toSeconds() <= 300,
                "must be between 100ms and 300s");
        errors.check(at.field("liveness"), liveness, d -> d.compareTo(checkEvery) > 0,
                "must be longer than checkEvery (" + checkEvery + ")");
    }
}
