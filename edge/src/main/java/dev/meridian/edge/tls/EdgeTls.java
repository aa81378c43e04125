package dev.meridian.edge.tls;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.tls.PemKeyPair;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one POP's HTTPS listener: an {@link SSLContext} whose key manager picks the
 * certificate by SNI from the current {@link CertificateSet}, re-read from the PEM files on every
 * config reload. Connections already open keep the certificate they were handshaken with.
 */
public final class EdgeTls {
    /** The versions offered; 1.0 and 1.1 are deprecated (RFC 8996). */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Logger log = LoggerFactory.getLogger(EdgeTls.class);

    private final AtomicReference<CertificateSet> certificates;
    private final SSLContext context;

    private EdgeTls(CertificateSet initial) throws GeneralSecurityException {
        this.certificates = new AtomicReference<>(initial);
        this.context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new SniKeyManager(certificates::get)}, null, null);
    }

    /**
     * Reads the POP's certificates and follows reloads of the config.
     *
     * @throws IllegalStateException when a certificate cannot be read (validation read it moments ago)
     */
    public static EdgeTls start(ConfigHolder config, String popId) {
        try {
            EdgeTls tls = new EdgeTls(CertificateSet.of(config.get(), pop(config.get(), popId)));
            config.onChange(c -> tls.reload(c, popId));
            return tls;
        } catch (PemKeyPair.PemException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for POP " + popId + ": " + e.getMessage(), e);
        }
    }

    private static PopConfig pop(MeridianConfig config, String popId) {
        return config.pop(popId).orElseThrow(() -> new IllegalArgumentException("no POP '" + popId + "' in the config"));
    }

    private void reload(MeridianConfig config, String popId) {
        try {
            certificates.set(CertificateSet.of(config, pop(config, popId)));
            log.info("edge {}: TLS certificates reloaded", popId);
        } catch (PemKeyPair.PemException | RuntimeException e) {
            // The files changed since validation read them: keep serving what was working.
            log.error("edge {}: TLS certificates not reloaded, still serving the previous ones: {}", popId, e.getMessage());
        }
    }

    public SSLContext context() {
        return context;
    }
}
