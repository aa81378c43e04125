package dev.meridian.edge.tls;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import dev.meridian.edge.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * An edge with an HTTPS listener on ephemeral loopback ports in front of an origin that answers every
 * path with {@code hello <path>}, cacheable for a minute; certificates from one test CA per test run.
 */
final class TlsEdge implements AutoCloseable {
    static final String HOST = "acme.cdn.test";

    final MockWebServer origin = new MockWebServer();
    final ConfigHolder config;
    final EdgeServer edge;

    /** The test CA and its certificates, made once per test JVM (keytool is slow to start). */
    static final class Certificates {
        private static Certificates made;
        final TestCa ca;
        /** The property's own (RSA), a replacement for it (EC), and the POP's default (EC). */
        final TestCa.Issued acme;
        final TestCa.Issued acmeRenewed;
        final TestCa.Issued fallback;

        private Certificates(Path dir) throws Exception {
            ca = TestCa.create(dir);
            acme = ca.issue("acme", HOST, "RSA");
            acmeRenewed = ca.issue("acme-renewed", HOST, "EC");
            fallback = ca.issue("fallback", "default.cdn.test", "EC");
        }

        static synchronized Certificates get() throws Exception {
            if (made == null) {
                Path dir = Files.createTempDirectory("meridian-tls-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
                made = new Certificates(dir);
            }
            return made;
        }

        private static void deleteAll(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * @param propertyCertificate the property's certificate, or null for none
     * @param fallback            the POP's default certificate, or null for none
     */
    TlsEdge(TestCa.Issued propertyCertificate, TestCa.Issued fallback, boolean httpsRedirect) throws IOException {
        origin.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("hello " + request.getPath()).setHeader("Cache-Control", "max-age=60");
            }
        });
        origin.start();
        config = new ConfigHolder(config(propertyCertificate, fallback, httpsRedirect));
        edge = EdgeServer.start(config, "sjc");
    }

    MeridianConfig config(TestCa.Issued propertyCertificate, TestCa.Issued fallback, boolean httpsRedirect) {
        String property = (propertyCertificate == null ? "" : "        tls: " + yaml(propertyCertificate) + "\n")
                + "        httpsRedirect: " + httpsRedirect;
        String edgeYaml = "{ http: 127.0.0.1:0, https: 127.0.0.1:0, admin: 127.0.0.1:0"
                + (fallback == null ? "" : ", tls: " + yaml(fallback)) + " }";
        return TestConfigs.onePop(origin.url("/").toString(), property, "{ memory: 64MB, maxObjectSize: 1MB }", "0s",
                edgeYaml);
    }

    static String yaml(TestCa.Issued issued) {
        return "{ certificate: \"" + issued.certificate() + "\", key: \"" + issued.key() + "\" }";
    }

    int httpsPort() {
        return edge.httpsAddress().getPort();
    }

    /** curl's arguments to reach {@code https://<name>:<port>} on this edge, trusting the test CA. */
    String[] https(String name, String path, String... more) throws Exception {
        Stream<String> base = Stream.of("--cacert", Certificates.get().ca.caCertificate().toString(),
                "--resolve", name + ":" + httpsPort() + ":127.0.0.1");
        return Stream.concat(Stream.concat(base, Stream.of(more)),
                Stream.of("https://" + name + ":" + httpsPort() + path)).toArray(String[]::new);
    }

    @Override
    public void close() throws IOException {
        edge.close();
        origin.close();
    }
}
