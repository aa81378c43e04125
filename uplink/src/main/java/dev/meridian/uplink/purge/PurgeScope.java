package dev.meridian.uplink.purge;

import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whose content a purge reaches, from the config alone, and whether the asker may reach it: an operator
 * anything the network serves, a customer only its own. A URL or prefix names a CDN hostname (either
 * URL form) or an origin host (each belongs to one customer: the config lets no two share one); a host
 * purge the same. A tag names no host: it is scoped to the asker's customer where it is applied. These
 * are the edge's rules (it applies them again on every purge).
 */
public final class PurgeScope {
    private PurgeScope() {
    }

    /**
     * @param customer the asking customer's id, or null for an operator
     * @throws Refused 400 for a target that is not a URL, 404 for a host the network does not serve,
     *                 403 for another customer's content
     */
    public static void check(MeridianConfig config, PurgeSpec spec, String customer) throws Refused {
        if (spec.kind() == PurgeKind.TAG) {
            return;
        }
        Set<String> owners = owners(config, spec);
        if (customer != null && !(owners.size() == 1 && owners.contains(customer))) {
            throw new Refused(403, "customer " + customer + " may not purge content of " + spec.target());
        }
    }

    /** The customers whose properties a URL, prefix or host purge reaches. */
    static Set<String> owners(MeridianConfig config, PurgeSpec spec) throws Refused {
        String host = spec.kind() == PurgeKind.HOST ? spec.target() : hostOf(spec);
        host = host.toLowerCase(Locale.ROOT);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        Set<String> owners = new LinkedHashSet<>();
        var property = config.property(host);
        if (property.isPresent()) {
            config.customerOf(property.get()).ifPresent(c -> owners.add(c.id()));
        } else {
            for (CustomerConfig c : config.customers()) {
                for (PropertyConfig p : c.properties()) {
                    if (p.origin(host).isPresent()) {
                        owners.add(c.id());
                    }
                }
            }
        }
        if (owners.isEmpty()) {
            throw new Refused(404, "no property or origin is configured for host '" + host + "'");
        }
        return owners;
    }

    private static String hostOf(PurgeSpec spec) throws Refused {
        URI uri;
        try {
            uri = new URI(spec.target());
        } catch (URISyntaxException e) {
            throw new Refused(400, spec.kind().field() + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new Refused(400, "expected an absolute http(s) URL such as http://acme.cdn.test/images/a.jpg");
        }
        return uri.getHost();
    }

    /** A purge the asker may not make; {@link #status()} is the HTTP answer. */
    public static final class Refused extends Exception {
        private final int status;

        public Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
