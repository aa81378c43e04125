package dev.meridian.core.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One server of an origin: where the edge connects, its share of the requests under round-robin
 * ({@code weight}, default 1), and whether it only serves when no other server is up ({@code backup}).
 */
public record OriginServerConfig(String url, Integer weight, Boolean backup) implements Validatable {
    static final int MAX_WEIGHT = 1000;

    public OriginServerConfig {
        weight = weight == null ? 1 : weight;
        backup = backup != null && backup;
    }

    public URI uri() {
        return URI.create(url);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("url"), url)) {
            errors.check(at.field("url"), url, OriginServerConfig::isHttpUrl, "not a URL (http:// or https:// with a host)");
        }
        errors.check(at.field("weight"), weight, w -> w >= 1 && w <= MAX_WEIGHT, "must be between 1 and " + MAX_WEIGHT);
    }

    static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
