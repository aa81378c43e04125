package dev.meridian.edge.purge;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.OriginConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.edge.cache.CacheKeys;
import dev.meridian.edge.cache.KeyRange;
import dev.meridian.edge.route.Rejection;
import dev.meridian.edge.route.Router;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/**
 * Turns a purge request into ranges of canonical cache keys, and the properties it touches (for
 * authorization). A URL may name the CDN hostname in either form a client uses
 * ({@code acme.cdn.test/images/a.jpg}, {@code acme.cdn.test/www.acme.test/images/a.jpg}) or the
 * origin itself ({@code www.acme.test/images/a.jpg}): all three are one cache key, so one purge
 * covers every form. Resolution goes through the edge's own {@link Router}, so a purge means
 * exactly what a request for the same URL would have meant.
 */
final class PurgeTargets {
    /** The properties touched and the key ranges to purge. */
    record Resolved(List<PropertyConfig> properties, List<KeyRange> ranges) {
    }

    private PurgeTargets() {
    }

    static Resolved resolve(MeridianConfig config, PurgeRequest request, PurgeAuthorizer.Principal who) throws Rejection {
        if (request.kind() == PurgeRequest.Kind.HOST) {
            return host(config, request.target());
        }
        if (request.kind() == PurgeRequest.Kind.TAG) {
            return tagScope(config, who);
        }
        URI uri;
        try {
            uri = new URI(request.target());
        } catch (URISyntaxException e) {
            throw new Rejection(400, request.kind().name().toLowerCase(Locale.ROOT) + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new Rejection(400, "expected an absolute http(s) URL such as http://acme.cdn.test/images/a.jpg");
        }
        String host = normalise(uri.getHost());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        List<PropertyConfig> properties = new ArrayList<>();
        String canonical;
        if (config.property(host).isPresent()) {
            var route = new Router(config).route(host, path, query);
            properties.add(route.property());
            canonical = route.url();
        } else {
            OriginConfig origin = originNamed(config, host, properties);
            canonical = CacheKeys.url(origin.uri().getScheme().toLowerCase(Locale.ROOT), origin.host(), path, query);
        }
        KeyRange range = request.kind() == PurgeRequest.Kind.URL ? KeyRange.url(canonical) : KeyRange.prefix(canonical);
        return new Resolved(properties, List.of(range));
    }

    /** A whole CDN hostname (every origin it serves) or a whole origin host. */
    private static Resolved host(MeridianConfig config, String target) throws Rejection {
        String host = normalise(target);
        List<KeyRange> ranges = new ArrayList<>();
        List<PropertyConfig> properties = new ArrayList<>();
        var property = config.property(host);
        if (property.isPresent()) {
            properties.add(property.get());
            for (OriginConfig o : property.get().origins()) {
                ranges.add(originRange(o));
            }
        } else {
            ranges.add(originRange(originNamed(config, host, properties)));
        }
        return new Resolved(properties, ranges);
    }

    /**
     * Where a purge by tag may look: for an operator every key; for a customer the origins of its own
     * properties. The properties returned include any other property in front of one of those origins,
     * so a customer sharing an origin with another is refused, as a purge of that origin's host is.
     */
    private static Resolved tagScope(MeridianConfig config, PurgeAuthorizer.Principal who) throws Rejection {
        if (who.operator()) {
            return new Resolved(List.of(), List.of(KeyRange.prefix("")));
        }
        List<PropertyConfig> properties = new ArrayList<>();
        Set<KeyRange> ranges = new LinkedHashSet<>();
        for (var customer : config.customers()) {
            if (!customer.id().equals(who.customerId())) {
                continue;
            }
            for (PropertyConfig p : customer.properties()) {
                for (OriginConfig o : p.origins()) {
                    if (ranges.add(originRange(o))) {
                        originNamed(config, o.host(), properties);
                    }
                }
            }
        }
        if (ranges.isEmpty()) {
            throw new Rejection(404, "customer " + who.customerId() + " has no property to purge");
        }
        return new Resolved(List.copyOf(new LinkedHashSet<>(properties)), List.copyOf(ranges));
    }

    private static KeyRange originRange(OriginConfig o) {
        return KeyRange.prefix(CacheKeys.url(o.uri().getScheme().toLowerCase(Locale.ROOT), o.host(), "/", ""));
    }

    /** The origin with this host, collecting every property that lists it; 404 when none does. */
    private static OriginConfig originNamed(MeridianConfig config, String host, List<PropertyConfig> properties) throws Rejection {
        OriginConfig found = null;
        for (var customer : config.customers()) {
            for (PropertyConfig p : customer.properties()) {
                var o = p.origin(host);
                if (o.isPresent()) {
                    found = found == null ? o.get() : found;
                    properties.add(p);
                }
            }
        }
        if (found == null) {
            throw new Rejection(404, "no property or origin is configured for host '" + host + "'");
        }
        return found;
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
