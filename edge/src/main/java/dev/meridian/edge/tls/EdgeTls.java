package dev.meridian.edge.tls;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.tls.PemKeyPair;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one POP's HTTPS listener: an {@link SSLContext} whose key manager picks the
 * certificate by SNI from the current {@link CertificateSet}, re-read from the PEM files on every
 * config reload. Connections already open keep the certificate they were handshaken with. TLS runs on
 * BoringSSL where its native library loads ({@link BoringSsl}), else on the JDK's own (JSSE), saying so
 * once in the log.
 */
public final class EdgeTls {
    /** The versions offered; 1.0 and 1.1 are deprecated (RFC 8996). */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Logger log = LoggerFactory.getLogger(EdgeTls.class);

    /** Which implementation runs the TLS protocol. */
    public enum Engine {
        /** BoringSSL through netty-tcnative. */
        BORINGSSL,
        /** The JDK's own, when the native library cannot be loaded (or is turned off). */
        JSSE
    }

    private final AtomicReference<CertificateSet> certificates;
    private final Engine engine;
    private final SSLContext context;

    /** @param nativeUnavailable why BoringSSL cannot be used, or empty when it can */
    EdgeTls(CertificateSet initial, Optional<Throwable> nativeUnavailable, String popId) throws GeneralSecurityException {
        this.certificates = new AtomicReference<>(initial);
        SniKeyManager keys = new SniKeyManager(certificates::get);
        SSLContext boring = null;
        Throwable why = nativeUnavailable.orElse(null);
        if (why == null) {
            try {
                boring = BoringSsl.context(keys, PROTOCOLS);
            } catch (SSLException | LinkageError e) {
                why = e;
            }
        }
        if (boring != null) {
            this.engine = Engine.BORINGSSL;
            this.context = boring;
            log.info("edge {}: TLS by {}", popId, BoringSsl.version());
        } else {
            this.engine = Engine.JSSE;
            this.context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
            log.warn("edge {}: TLS by the JDK (JSSE), slower than BoringSSL, whose native library is not usable here: {}",
                    popId, why.getCause() != null ? why + " (" + why.getCause() + ")" : String.valueOf(why));
        }
    }

    /**
     * Reads the POP's certificates and follows reloads of the config.
     *
     * @throws IllegalStateException when a certificate cannot be read (validation read it moments ago)
     */
    public static EdgeTls start(ConfigHolder config, String popId) {
        try {
            EdgeTls tls = new EdgeTls(CertificateSet.of(config.get(), pop(config.get(), popId)), BoringSsl.unavailable(), popId);
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

    public Engine engine() {
        return engine;
    }
}
