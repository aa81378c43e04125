package dev.meridian.core.config;

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
 */
public record PropertyConfig(
        String host,
        List<OriginConfig> origins,
        Duration defaultTtl,
        HostnameDnsConfig dns,
        PropertyImagesConfig images,
        Boolean measureBandwidth,
        TlsCertificateConfig tls,
        Boolean httpsRedirect) implements Validatable {

    public PropertyConfig {
        origins = origins == null ? List.of() : List.copyOf(origins);
        defaultTtl = defaultTtl == null ? Duration.ZERO : defaultTtl;
        measureBandwidth = measureBandwidth != null && measureBandwidth;
        httpsRedirect = httpsRedirect != null && httpsRedirect;
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
        errors.nested(at.field("dns"), dns);
        errors.nested(at.field("images"), images);
        errors.nested(at.field("tls"), tls);
    }
}
