package dev.meridian.core.config;

import dev.meridian.core.tls.PemKeyPair;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How the edge verifies an https origin's certificate, beyond the JDK's trust store: a PEM bundle of
 * certificate authorities (a private CA, or the origin's own self-signed certificate) trusted for
 * this origin alone. Verification, host name included, stays on; only the anchors change. The bundle
 * is read when the config is validated, so a missing or unreadable file refuses the config (or the
 * reload) whole.
 *
 * @param ca     the PEM file of one or more CERTIFICATE blocks; relative paths resolve against the
 *               working directory
 * @param caOnly true: trust these certificates alone; false (default): in addition to the JDK's
 */
public record OriginTlsConfig(String ca, Boolean caOnly) implements Validatable {
    public OriginTlsConfig {
        caOnly = caOnly != null && caOnly;
    }

    /** Reads the bundle; call only on a config that passed validation. */
    public List<X509Certificate> certificates() throws PemKeyPair.PemException {
        return PemKeyPair.readCertificates(Path.of(ca));
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (!errors.required(at.field("ca"), ca)) {
            return;
        }
        try {
            certificates();
        } catch (PemKeyPair.PemException e) {
            errors.add(at.field("ca"), e.getMessage());
        } catch (RuntimeException e) {
            errors.add(at.field("ca"), "not a file path: " + e.getMessage());
        }
    }
}
