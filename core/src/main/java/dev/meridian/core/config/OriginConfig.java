package dev.meridian.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * A customer origin: the hostname clients use for it ({@code host}, also the Host header the edge
 * sends) and where the edge actually connects ({@code url}).
 *
 * @param idleTimeout how long a connection to the origin may sit idle and still be reused when the
 *                    origin does not say ({@code Keep-Alive: timeout=}); servers that do not say close
 *                    idle connections after as little as 2 s (gunicorn), hence the default of 1.5 s
 */
public record OriginConfig(String host, String url, Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                           Duration idleTimeout) implements Validatable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMillis(1500);

    public OriginConfig {
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        totalTimeout = totalTimeout == null ? DEFAULT_TOTAL_TIMEOUT : totalTimeout;
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    }

    public URI uri() {
        return URI.create(url);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("host"), host)) {
            errors.check(at.field("host"), host, Hostnames::isValid, "not a hostname");
        }
        if (errors.required(at.field("url"), url)) {
            errors.check(at.field("url"), url, OriginConfig::isHttpUrl, "not a URL (http:// or https:// with a host)");
        }
        for (var t : new Object[][] {{"connectTimeout", connectTimeout}, {"readTimeout", readTimeout}, {"totalTimeout", totalTimeout},
                {"idleTimeout", idleTimeout}}) {
            errors.check(at.field((String) t[0]), (Duration) t[1], d -> !d.isNegative() && !d.isZero(), "must be positive");
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
