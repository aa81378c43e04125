package dev.meridian.edge.tls;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.TlsCertificateConfig;
import dev.meridian.core.tls.PemKeyPair;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The certificates one POP serves: each property's own, by its host name, and the POP's default.
 * Immutable; a config reload builds a new set.
 */
final class CertificateSet {
    /** The default's alias: no host name can be spelled like this. */
    static final String DEFAULT_ALIAS = "(default)";

    private final Map<String, PemKeyPair> byAlias;

    CertificateSet(Map<String, PemKeyPair> byAlias) {
        this.byAlias = Map.copyOf(byAlias);
    }

    /** Reads every certificate the config names for the POP: files are re-read, so a reload picks up renewed ones. */
    static CertificateSet of(MeridianConfig config, PopConfig pop) throws PemKeyPair.PemException {
        Map<String, PemKeyPair> pairs = new HashMap<>();
        if (pop.edge().tls() != null) {
            pairs.put(DEFAULT_ALIAS, pop.edge().tls().read());
        }
        for (var customer : config.customers()) {
            for (var property : customer.properties()) {
                TlsCertificateConfig tls = property.tls();
                if (tls != null) {
                    pairs.put(property.host().toLowerCase(Locale.ROOT), tls.read());
                }
            }
        }
        return new CertificateSet(pairs);
    }

    /**
     * The alias to serve for a client's SNI host name (null when it sent none): the property's own
     * certificate, else the default; empty when neither exists, which fails the handshake.
     */
    Optional<String> aliasFor(String serverName) {
        if (serverName != null) {
            String host = serverName.toLowerCase(Locale.ROOT);
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (byAlias.containsKey(host)) {
                return Optional.of(host);
            }
        }
        return byAlias.containsKey(DEFAULT_ALIAS) ? Optional.of(DEFAULT_ALIAS) : Optional.empty();
    }

    PemKeyPair get(String alias) {
        return byAlias.get(alias);
    }

    boolean isEmpty() {
        return byAlias.isEmpty();
    }
}
