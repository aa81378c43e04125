package dev.meridian.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The portal's logins: how long a session lives, and which proxies may say what the client's address
 * and scheme were.
 *
 * @param idleTimeout     a session unused this long is over
 * @param absoluteTimeout a session this old is over however busy it is (a stolen cookie is not good forever)
 * @param trustedProxies  addresses of the reverse proxies in front of the console (literal IPs): from them,
 *                        and only from them, {@code X-Forwarded-For} names the client (for login throttling)
 *                        and {@code X-Forwarded-Proto: https} makes the session cookie {@code Secure}
 */
public record PortalConfig(Duration idleTimeout, Duration absoluteTimeout, List<String> trustedProxies)
        implements Validatable {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(12);
    public static final PortalConfig DEFAULTS = new PortalConfig(null, null, null);

    public PortalConfig {
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        absoluteTimeout = absoluteTimeout == null ? DEFAULT_ABSOLUTE_TIMEOUT : absoluteTimeout;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("idleTimeout"), idleTimeout, d -> d.toSeconds() >= 60 && d.toHours() <= 24,
                "must be between 1m and 24h");
        errors.check(at.field("absoluteTimeout"), absoluteTimeout, d -> d.toDays() <= 30, "must be at most 30d");
        if (idleTimeout != null && absoluteTimeout != null && absoluteTimeout.compareTo(idleTimeout) < 0) {
            errors.add(at.field("absoluteTimeout"), "must be at least idleTimeout (" + idleTimeout + ")");
        }
        for (int i = 0; i < trustedProxies.size(); i++) {
            errors.check(at.field("trustedProxies").index(i), trustedProxies.get(i), IpAddresses::isLiteral,
                    "not an IPv4 or IPv6 address");
        }
    }
}
