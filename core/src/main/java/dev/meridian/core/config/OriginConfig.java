package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A customer origin: the hostname clients use for it ({@code host}, also the Host header the edge
 * sends) and where the edge actually connects: one server ({@code url}), or a group of mirrored
 * servers ({@code servers}) shared by {@code policy} and watched as {@code health} says.
 *
 * @param idleTimeout how long a connection to the origin may sit idle and still be reused when the
 *                    origin does not say ({@code Keep-Alive: timeout=}); servers that do not say close
 *                    idle connections after as little as 2 s (gunicorn), hence the default of 1.5 s
 * @param tls         how the edge verifies the origin's certificate over https: null for the JDK's
 *                    trust store alone
 */
public record OriginConfig(String host, String url, List<OriginServerConfig> servers, Policy policy,
                           OriginHealthConfig health, Duration connectTimeout, Duration readTimeout,
                           Duration totalTimeout, Duration idleTimeout, OriginTlsConfig tls) implements Validatable {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMillis(1500);

    public OriginConfig {
        // A single url is a group of one.
        servers = servers != null && !servers.isEmpty() ? List.copyOf(servers)
                : url == null ? List.of() : List.of(new OriginServerConfig(url, null, null));
        policy = policy == null ? Policy.PRIMARY : policy;
        health = health == null ? OriginHealthConfig.PASSIVE : health;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        totalTimeout = totalTimeout == null ? DEFAULT_TOTAL_TIMEOUT : totalTimeout;
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
    }

    /** How requests are shared among an origin's servers that are up. */
    public enum Policy {
        /** The first server listed that is up takes every request; the others stand by. */
        @JsonProperty("primary") PRIMARY,
        /** The servers that are up take turns, each as often as its weight says. */
        @JsonProperty("round-robin") ROUND_ROBIN
    }

    /** The first server's URL: its scheme is the one in the cache key (all servers share it). */
    public URI uri() {
        return servers.get(0).uri();
    }

    public List<String> serverUrls() {
        return servers.stream().map(OriginServerConfig::url).toList();
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("host"), host)) {
            errors.check(at.field("host"), host, Hostnames::isValid, "not a hostname");
        }
        if (url != null && (servers.size() > 1 || !url.equals(servers.get(0).url()))) {
            errors.add(at.field("url"), "give url (one server) or servers (a group), not both");
        } else if (url != null) {
            errors.check(at.field("url"), url, OriginServerConfig::isHttpUrl, "not a URL (http:// or https:// with a host)");
        } else if (errors.required(at.field("url"), servers)) {
            errors.each(at.field("servers"), servers);
            validateMirrors(at, errors);
        }
        errors.nested(at.field("health"), health);
        if (tls != null) {
            errors.nested(at.field("tls"), tls);
            if (!servers.isEmpty() && OriginServerConfig.isHttpUrl(servers.get(0).url()) && !"https".equals(uri().getScheme())) {
                errors.add(at.field("tls"), "the origin is reached over http: a CA is for https origins");
            }
            if (health.active() && servers.size() > 1) {
                // The active probes verify with the JDK's trust store alone, and would take every server out.
                errors.add(at.field("tls"), "not yet with active health checks (health.path): use passive health");
            }
        }
        for (var t : new Object[][] {{"connectTimeout", connectTimeout}, {"readTimeout", readTimeout}, {"totalTimeout", totalTimeout},
                {"idleTimeout", idleTimeout}}) {
            errors.check(at.field((String) t[0]), (Duration) t[1], d -> !d.isNegative() && !d.isZero(), "must be positive");
        }
    }

    /** The cache keys by origin host and the first server's scheme, and requests keep their path: only host and port may differ. */
    private void validateMirrors(ConfigPath at, ConfigErrors errors) {
        if (!OriginServerConfig.isHttpUrl(servers.get(0).url())) {
            return;
        }
        for (int i = 1; i < servers.size(); i++) {
            String other = servers.get(i).url();
            if (other != null && OriginServerConfig.isHttpUrl(other) && !sameSite(uri(), URI.create(other))) {
                errors.add(at.field("servers").index(i).field("url"), "servers of one origin mirror each other: "
                        + "same scheme and path as " + servers.get(0).url() + ", only host and port differ");
            }
        }
    }

    private static boolean sameSite(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && pathOf(a).equals(pathOf(b));
    }

    private static String pathOf(URI u) {
        String p = u.getRawPath() == null ? "" : u.getRawPath();
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
