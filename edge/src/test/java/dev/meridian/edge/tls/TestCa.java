package dev.meridian.edge.tls;

import dev.meridian.core.tls.PemKeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority made for one test run with the JDK's own keytool, issuing server
 * certificates as the PEM files the edge reads: chain (leaf, then CA) and unencrypted PKCS#8 key.
 * Nothing is committed; everything lives in the given directory. Public for tests of https origins
 * in other packages.
 */
public final class TestCa {
    private static final String PASS = "test-pass";

    private final Path dir;
    private final Path caStore;
    private final Path caCertificate;

    /** Certificate and key files of one issued certificate. */
    public record Issued(Path certificate, Path key) {
        /** A TLS context serving this certificate, for test servers (origins). */
        public SSLContext serverContext() throws Exception {
            PemKeyPair pair = PemKeyPair.read(certificate, key);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", pair.key(), new char[0], pair.chain().toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        }
    }

    private TestCa(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caCertificate = dir.resolve("ca.pem");
    }

    public static TestCa create(Path dir) throws IOException, InterruptedException {
        TestCa ca = new TestCa(dir);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Meridian Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.caStore.toString(), "-storepass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caStore.toString(), "-storepass", PASS,
                "-file", ca.caCertificate.toString());
        return ca;
    }

    public Path caCertificate() {
        return caCertificate;
    }

    /**
     * Issues a server certificate for {@code host}.
     *
     * @param name    names the files, so one host can have several certificates
     * @param keyType {@code RSA} or {@code EC}
     */
    public Issued issue(String name, String host, String keyType) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path leaf = dir.resolve(name + ".crt");
        List<String> key = new ArrayList<>(List.of("-keyalg", keyType));
        key.addAll(keyType.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", "leaf", "-dname", "CN=" + host + ", OU=" + name,
                "-keystore", store.toString(), "-storepass", PASS));
        generate.addAll(key);
        keytool(generate.toArray(String[]::new));
        keytool("-certreq", "-alias", "leaf", "-keystore", store.toString(), "-storepass", PASS, "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS,
                "-infile", request.toString(), "-outfile", leaf.toString(), "-validity", "2",
                "-ext", "san=dns:" + host, "-ext", "eku=serverAuth");
        Issued issued = new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        Files.writeString(issued.certificate(), Files.readString(leaf) + Files.readString(caCertificate));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASS.toCharArray());
        }
        byte[] pkcs8 = keys.getKey("leaf", PASS.toCharArray()).getEncoded();
        Files.writeString(issued.key(), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n");
        return issued;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-noprompt"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + command + "\n" + output);
        }
    }
}
