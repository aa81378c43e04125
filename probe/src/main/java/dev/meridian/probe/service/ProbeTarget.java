package dev.meridian.probe.service;

import java.net.URI;
import java.time.Duration;

/**
 * What to probe: the answer address this probe vouches for, the test URL, the string the body must
 * contain (null or empty: any 2xx body will do), how long to wait and how often to ask.
 */
public record ProbeTarget(String address, URI url, String expect, Duration timeout, Duration interval) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public ProbeTarget {
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("probe URL must be http or https: " + url);
        }
        if (timeout.isZero() || timeout.isNegative() || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("probe timeout and interval must be positive");
        }
    }
}
