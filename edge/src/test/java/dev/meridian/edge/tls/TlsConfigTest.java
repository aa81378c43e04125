package dev.meridian.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.core.config.ConfigError;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS settings are checked when the config is loaded, down to whether each key fits its certificate. */
class TlsConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsPemChainsAndPkcs8KeysOfBothTypes() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        assertThat(errors(TlsEdge.yaml(certs.fallback), TlsEdge.yaml(certs.acme), "127.0.0.1:0")).isEmpty();
    }

    @Test
    void namesTheFieldOfAnUnreadableFileAWrongKeyOrAnUnsupportedFormat() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        Path pkcs1 = Files.writeString(dir.resolve("old.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        String missing = "{ certificate: \"" + dir.resolve("nope.pem") + "\", key: \"" + certs.acme.key() + "\" }";
        String mismatched = "{ certificate: \"" + certs.acme.certificate() + "\", key: \"" + certs.fallback.key() + "\" }";
        assertThat(errors(missing, mismatched, "127.0.0.1:0")).containsExactly(
                "pops[0].edge.tls.certificate: cannot read " + dir.resolve("nope.pem") + ": NoSuchFileException "
                        + dir.resolve("nope.pem"),
                "customers[0].properties[0].tls.key: the key does not match the certificate in " + certs.acme.certificate());
        String oldFormat = "{ certificate: \"" + certs.acme.certificate() + "\", key: \"" + pkcs1 + "\" }";
        assertThat(errors(oldFormat, null, "127.0.0.1:0")).singleElement().asString()
                .startsWith("pops[0].edge.tls.key: RSA PRIVATE KEY (PKCS#1/SEC1) is not supported")
                .endsWith("openssl pkcs8 -topk8 -nocrypt -in " + pkcs1);
        String notPem = "{ certificate: \"" + certs.acme.key() + "\", key: \"" + certs.acme.key() + "\" }";
        assertThat(errors(notPem, null, "127.0.0.1:0"))
                .containsExactly("pops[0].edge.tls.certificate: no PEM CERTIFICATE block in " + certs.acme.key());
    }

    @Test
    void aCertificateNeedsAnHttpsListener() throws Exception {
        TlsEdge.Certificates certs = TlsEdge.Certificates.get();
        assertThat(errors(TlsEdge.yaml(certs.fallback), null, null))
                .containsExactly("pops[0].edge.tls: needs an https listener to serve it");
    }

    private static List<String> errors(String edgeTls, String propertyTls, String https) {
        String yaml = """
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0%s, tls: %s }
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://127.0.0.1:9" } ]
                %s
                """.formatted(https == null ? "" : ", https: " + https, edgeTls,
                propertyTls == null ? "" : "        tls: " + propertyTls);
        ConfigException e = catchThrowableOfType(() -> new ConfigLoader(name -> null).loadYaml("test", yaml),
                ConfigException.class);
        return e == null ? List.of() : e.errors().stream().map(ConfigError::toString).toList();
    }
}
