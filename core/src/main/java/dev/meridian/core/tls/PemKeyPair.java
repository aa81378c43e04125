package dev.meridian.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key read from PEM files with the JDK alone: the chain is one or
 * more {@code CERTIFICATE} blocks (leaf first), the key an unencrypted PKCS#8 {@code PRIVATE KEY} block
 * holding an RSA or EC key. Other key forms are refused with the command that converts them, and a key
 * that does not belong to the leaf certificate is refused too, so a wrong pair fails at config load
 * rather than in every handshake.
 */
public record PemKeyPair(List<X509Certificate> chain, PrivateKey key) {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    /** Larger files are not PEM key material; read no more than this. */
    private static final long MAX_FILE = 1024 * 1024;

    public PemKeyPair {
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Thrown with a message fit for a config error; {@link #certificate()} says which file is at fault. */
    public static final class PemException extends Exception {
        private final boolean certificate;

        PemException(boolean certificate, String message) {
            super(message);
            this.certificate = certificate;
        }

        /** Whether the certificate file (rather than the key file) is at fault. */
        public boolean certificate() {
            return certificate;
        }
    }

    public static PemKeyPair read(Path certificateFile, Path keyFile) throws PemException {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readKey(keyFile);
        if (!belongTogether(key, chain.get(0))) {
            throw new PemException(false, "the key does not match the certificate in " + certificateFile);
        }
        return new PemKeyPair(chain, key);
    }

    /** The certificates of a PEM file (one or more {@code CERTIFICATE} blocks), in file order; never empty. */
    public static List<X509Certificate> readCertificates(Path file) throws PemException {
        String text = readText(file, true);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new PemException(true, "no PEM CERTIFICATE block in " + file);
        }
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new PemException(true, "no certificate in " + file);
            }
            return chain;
        } catch (CertificateException e) {
            throw new PemException(true, "not a valid PEM certificate chain: " + file + " (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey readKey(Path file) throws PemException {
        Matcher block = BLOCK.matcher(readText(file, false));
        while (block.find()) {
            switch (block.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.group(2));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new PemException(false, block.group(1)
                        + " (PKCS#1/SEC1) is not supported in " + file
                        + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file);
                case "ENCRYPTED PRIVATE KEY" -> throw new PemException(false,
                        "encrypted keys are not supported in " + file + "; store it unencrypted with file permissions");
                default -> {
                    // Certificates or parameters next to the key: skip them.
                }
            }
        }
        throw new PemException(false, "no PEM PRIVATE KEY block (PKCS#8, RSA or EC) in " + file);
    }

    private static PrivateKey pkcs8(Path file, String base64) throws PemException {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new PemException(false, "malformed base64 in the PRIVATE KEY block of " + file);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new PemException(false, "the PRIVATE KEY in " + file + " is neither an RSA nor an EC PKCS#8 key");
    }

    /** Signs with the private key and verifies with the certificate: works for every key type alike. */
    private static boolean belongTogether(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(leaf.getPublicKey());
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String readText(Path file, boolean certificate) throws PemException {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new PemException(certificate, "larger than 1MB, not PEM key material: " + file);
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new PemException(certificate, "cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
