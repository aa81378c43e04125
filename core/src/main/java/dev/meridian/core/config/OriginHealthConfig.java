package dev.meridian.core.config;

import java.time.Duration;

/**
 * How the edge tells whether an origin's servers are up. Requests report on their server as they go
 * (a connection failure or a 5xx counts against it, any other answer for it); with a {@code path}, each
 * server is also probed every {@code interval} with the same HTTP probe the GTM uses (a 2xx whose body
 * holds {@code expect}, within {@code timeout}). A server is taken out after {@code fall} failures in a
 * row and put back after {@code rise} successes in a row (HAProxy's names), so one blip neither drops
 * a server nor brings back a flapping one.
 */
public record OriginHealthConfig(String path, String expect, Duration interval, Duration timeout, Integer fall,
                                 Integer rise) implements Validatable {
    public static final OriginHealthConfig PASSIVE = new OriginHealthConfig(null, null, null, null, null, null);

    public OriginHealthConfig {
        interval = interval == null ? Duration.ofSeconds(5) : interval;
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        fall = fall == null ? 3 : fall;
        rise = rise == null ? 2 : rise;
    }

    /** Whether servers are probed, not only judged by the requests they serve. */
    public boolean active() {
        return path != null;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("path"), path, p -> p.startsWith("/"), "must start with '/'");
        errors.check(at.field("interval"), interval, d -> d.toMillis() >= 100, "must be at least 100ms");
        errors.check(at.field("timeout"), timeout, d -> !d.isNegative() && !d.isZero(), "must be positive");
        errors.check(at.field("fall"), fall, n -> n >= 1 && n <= 100, "must be between 1 and 100");
        errors.check(at.field("rise"), rise, n -> n >= 1 && n <= 100, "must be between 1 and 100");
    }
}
