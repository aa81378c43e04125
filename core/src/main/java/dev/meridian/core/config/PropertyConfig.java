package dev.meridian.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One customer hostname and how it is served. A property with {@code origins} is static content
 * served through the POPs; the {@code dns} section says how the GTM answers for the hostname.
 *
 * @param defaultTtl freshness for origin responses that carry none; zero (the default) means such
 *                   responses are only heuristically fresh or not cached
 * @param measureBandwidth inject the bandwidth-measuring scripts into this property's HTML (default off)
 * @param tls the certificate the edge's HTTPS listener serves when a client's SNI names this host;
 *            without it such clients get the POP's default certificate
 * @param httpsRedirect answer plain-HTTP requests with a redirect to the same URL over HTTPS
 *                      (on POPs that have an https listener; default off)
 * @param getWithBody what the edge does with a GET or HEAD that carries a body: forward it to the
 *                    origin whole and uncached (the default), or refuse it with 400
 * @param refresh     revalidate a stored object with the origin once this long has passed since it
 *                    was fetched or last revalidated, even if its own freshness says longer (zero,
 *                    the default: never); {@code refreshPaths} set it per path prefix
 * @param requestCacheControl whether a request's {@code no-cache} and {@code max-age} make the edge
 *                    ask the origin rather than reuse what it stored (honour, the default) or are
 *                    ignored to shield the origin from clients that reload; a request's
 *                    {@code no-store} is always honoured
 */
public record PropertyConfig(
        String host,
        List<OriginConfig> origins,
        Duration defaultTtl,
        HostnameDnsConfig dns,
        PropertyImagesConfig images,
        Boolean measureBandwidth,
        TlsCertificateConfig tls,
        Boolean httpsRedirect,
        GetWithBody getWithBody,
        Duration refresh,
        List<PathRefresh> refreshPaths,
        RequestCacheControl requestCacheControl) implements Validatable {

    public PropertyConfig {
        origins = origins == null ? List.of() : List.copyOf(origins);
        defaultTtl = defaultTtl == null ? Duration.ZERO : defaultTtl;
        measureBandwidth = measureBandwidth != null && measureBandwidth;
        httpsRedirect = httpsRedirect != null && httpsRedirect;
        getWithBody = getWithBody == null ? GetWithBody.FORWARD : getWithBody;
        refresh = refresh == null ? Duration.ZERO : refresh;
        refreshPaths = refreshPaths == null ? List.of() : List.copyOf(refreshPaths);
        requestCacheControl = requestCacheControl == null ? RequestCacheControl.HONOUR : requestCacheControl;
    }

    /** A refresh interval for the paths under a prefix; the longest matching prefix wins. */
    public record PathRefresh(String prefix, Duration refresh) implements Validatable {
        @Override
        public void validate(ConfigPath at, ConfigErrors errors) {
            if (errors.required(at.field("prefix"), prefix)) {
                errors.check(at.field("prefix"), prefix, p -> p.startsWith("/"), "must start with '/'");
            }
            if (errors.required(at.field("refresh"), refresh)) {
                errors.check(at.field("refresh"), refresh, d -> !d.isNegative(), "must not be negative");
            }
        }
    }

    /** Milliseconds after which a stored object under {@code path} is revalidated before reuse; 0: never. */
    public long refreshMillis(String path) {
        PathRefresh best = null;
        for (PathRefresh p : refreshPaths) {
            if (path.startsWith(p.prefix()) && (best == null || p.prefix().length() > best.prefix().length())) {
                best = p;
            }
        }
        return (best == null ? refresh : best.refresh()).toMillis();
    }

    /** What becomes of a GET or HEAD with a body (legal, and used by some search APIs). */
    public enum GetWithBody {
        /** To the origin whole, never answered from or stored in the cache. */
        @JsonProperty("forward") FORWARD,
        /** Answered 400, for origins that must not see such requests. */
        @JsonProperty("refuse") REFUSE
    }

    /** What a request's own {@code no-cache} and {@code max-age} do (its {@code no-store} is always honoured). */
    public enum RequestCacheControl {
        /** They limit what the edge reuses without asking the origin (RFC 9111 5.2.1). */
        @JsonProperty("honour") HONOUR,
        /** Ignored: a client's reload is answered from the cache, sparing the origin. */
        @JsonProperty("ignore") IGNORE
    }

    /** The origin named by host, if this property lists it (the edge never fetches from others). */
    public Optional<OriginConfig> origin(String originHost) {
        String wanted = originHost.toLowerCase(Locale.ROOT);
        return origins.stream().filter(o -> o.host().equalsIgnoreCase(wanted)).findFirst();
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("host"), host)) {
            errors.check(at.field("host"), host, Hostnames::isValid, "not a hostname");
        }
        errors.each(at.field("origins"), origins);
        errors.check(at.field("defaultTtl"), defaultTtl, d -> !d.isNegative(), "must not be negative");
        errors.check(at.field("refresh"), refresh, d -> !d.isNegative(), "must not be negative");
        errors.each(at.field("refreshPaths"), refreshPaths);
        errors.nested(at.field("dns"), dns);
        errors.nested(at.field("images"), images);
        errors.nested(at.field("tls"), tls);
    }
}
