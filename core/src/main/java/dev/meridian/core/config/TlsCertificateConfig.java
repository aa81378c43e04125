package dev.meridian.core.config;

import dev.meridian.core.tls.PemKeyPair;
import java.nio.file.Path;

/**
 * A certificate chain and its key as PEM files (see {@link PemKeyPair} for the formats). Both are read
 * and checked to belong together when the config is validated, so a reload naming a missing file or a
 * wrong key is refused whole and the running certificates keep serving.
 *
 * @param certificate the chain, leaf first; relative paths resolve against the working directory
 * @param key         the leaf's unencrypted PKCS#8 private key (RSA or EC)
 */
public record TlsCertificateConfig(String certificate, String key) implements Validatable {
    /** Reads the pair; call only on a config that passed validation. */
    public PemKeyPair read() throws PemKeyPair.PemException {
        return PemKeyPair.read(Path.of(certificate), Path.of(key));
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        boolean present = errors.required(at.field("certificate"), certificate);
        present &= errors.required(at.field("key"), key);
        if (!present) {
            return;
        }
        try {
            read();
        } catch (PemKeyPair.PemException e) {
            errors.add(at.field(e.certificate() ? "certificate" : "key"), e.getMessage());
        } catch (RuntimeException e) {
            errors.add(at.field("certificate"), "not a file path: " + e.getMessage());
        }
    }
}
