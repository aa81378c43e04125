package dev.meridian.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The release archive as an operator gets it: unpacked with tar into an empty directory, its
 * {@code bin/meridian} runs the demo (no Maven, no source tree) until an edge serves over HTTP and
 * the GTM answers over DNS, and its production example passes {@code check-config}.
 */
class ReleaseArchiveIT {
    /** The demo's POP addresses; each gets a port found free on it, as do the loopback listeners. */
    private static final List<String> POP_ADDRESSES = List.of("127.0.0.11", "127.0.0.12", "127.0.0.13");
    private static final Duration DEMO_START = Duration.ofMinutes(3);
    private static final Duration COMMAND_RUN = Duration.ofMinutes(1);

    @TempDir
    static Path unpacked;
    private static Path home;

    @TempDir
    Path work;
    private Process demo;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("meridian.release.archive"));
        assertThat(archive).exists();
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(COMMAND_RUN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        try (var top = Files.list(unpacked)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactly(System.getProperty("meridian.release.name"));
        }
        home = unpacked.resolve(System.getProperty("meridian.release.name"));
    }

    @AfterEach
    void stopWhatIsLeftAndKeepTheLogs() throws IOException {
        if (demo != null) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        // The temporary directory goes; what the commands printed stays beside the test report.
        Path reports = Files.createDirectories(Path.of(System.getProperty("meridian.release.logs")));
        try (var logs = Files.list(work)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, reports.resolve(getClass().getSimpleName() + "-" + log.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void holdsTheLauncherLibrariesConfigsUnitsLicenseAndReadme() {
        assertThat(home.resolve("bin/meridian")).isExecutable();
        assertThat(home.resolve("lib")).isDirectoryContaining("glob:**/meridian-cli-*.jar")
                .isDirectoryContaining("glob:**/meridian-edge-*.jar").isDirectoryContaining("glob:**/picocli-*.jar");
        assertThat(home.resolve("conf")).isDirectoryContaining("glob:**/demo.yaml")
                .isDirectoryContaining("glob:**/production.example.yaml");
        assertThat(home.resolve("conf/systemd")).isDirectoryContaining("glob:**/meridian-edge@.service")
                .isDirectoryContaining("glob:**/meridian-gtm.service").isDirectoryContaining("glob:**/meridian-origin-stub.service")
                .isDirectoryContaining("glob:**/meridian-console.service");
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
        assertThat(home.resolve("README")).content().contains("bin/meridian demo");
    }

    @Test
    void theProductionExamplePassesCheckConfig() throws Exception {
        Path log = work.resolve("check-config.log");
        ProcessBuilder check = launcher("check-config", "--config", home.resolve("conf/production.example.yaml").toString());
        check.environment().put("MERIDIAN_OPERATOR_TOKEN", "operator-token-of-the-release-test");
        check.environment().put("SHOP_ADMIN_TOKEN", "shop-token-of-the-release-test");
        Process process = check.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(COMMAND_RUN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        assertThat(log).content().contains("config ok: 3 POPs");
    }

    @Test
    void refusesAJavaOlderThan17AndSaysWhichItFound() throws Exception {
        Path oldJava = Files.createDirectories(work.resolve("jdk8/bin")).resolve("java");
        // What -XshowSettings:properties prints on Java 8, reduced to the line the launcher reads.
        Files.writeString(oldJava, "#!/bin/sh\necho '    java.specification.version = 1.8' >&2\n");
        assertThat(oldJava.toFile().setExecutable(true)).isTrue();
        Path log = work.resolve("old-java.log");
        ProcessBuilder run = launcher("--version");
        run.environment().put("JAVA_HOME", work.resolve("jdk8").toString());
        Process process = run.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(COMMAND_RUN.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(log).content().contains("needs Java 17 or later", oldJava.toRealPath() + " is Java 1.8");
    }

    @Test
    void theDemoServesOverHttpAndDnsAndStopsWithItsEdges() throws Exception {
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String listener : List.of("127.0.0.1:5353", "127.0.0.1:9053", "127.0.0.1:8081", "127.0.0.1:8090")) {
            addresses.put(listener, "127.0.0.1:" + freePort("127.0.0.1"));
        }
        for (String pop : POP_ADDRESSES) {
            addresses.put(pop + ":8080", pop + ":" + freePort(pop));
            addresses.put(pop + ":9080", pop + ":" + freePort(pop));
        }
        Path config = configFrom(home.resolve("conf/demo.yaml"), addresses);
        String edge = addresses.get("127.0.0.11:8080");
        int dnsPort = port(addresses.get("127.0.0.1:5353"));

        Path log = work.resolve("demo.log");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        ProcessBuilder start = launcher("demo", "--config", config.toString());
        start.environment().put("MERIDIAN_DEMO_CACHE", Files.createDirectories(work.resolve("cache")).toString());
        start.environment().put("TMPDIR", tmp.toString());
        start.environment().put("MERIDIAN_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        demo = start.redirectErrorStream(true).redirectOutput(log.toFile()).start();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest catalog = HttpRequest.newBuilder(URI.create("http://" + edge + "/api/catalog.json"))
                .header("Host", "acme.cdn.test").timeout(Duration.ofSeconds(10)).build();
        await("an edge serving the origin's catalog").atMost(DEMO_START).pollInterval(Duration.ofMillis(500))
                .failFast("the demo exited", () -> !demo.isAlive())
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    HttpResponse<String> response = http.send(catalog, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("X-Cache")).isPresent();
                });
        await("the GTM answering with a POP").atMost(DEMO_START).pollInterval(Duration.ofMillis(500))
                .failFast("the demo exited", () -> !demo.isAlive())
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertThat(popsAnswered(dnsPort)).isNotEmpty().isSubsetOf(POP_ADDRESSES));

        List<ProcessHandle> edges = demo.descendants().toList();
        assertThat(edges).as("the POPs' edge processes").hasSize(POP_ADDRESSES.size());
        demo.destroy();
        assertThat(demo.waitFor(DEMO_START.toSeconds(), TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        await("the demo's edges stopping with it").atMost(Duration.ofSeconds(30))
                .until(() -> edges.stream().noneMatch(ProcessHandle::isAlive));
    }

    /** bin/meridian on the Java running this test, as an operator's shell would start it. */
    private ProcessBuilder launcher(String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/meridian").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MERIDIAN_JAVA_OPTS");
        return builder;
    }

    /** conf/demo.yaml with each fixed listener moved to its free port; fails if one is no longer in the file. */
    private Path configFrom(Path demoYaml, Map<String, String> addresses) throws IOException {
        String yaml = Files.readString(demoYaml);
        for (Map.Entry<String, String> move : addresses.entrySet()) {
            assertThat(yaml).as("conf/demo.yaml's listeners").contains(move.getKey());
            yaml = yaml.replace(move.getKey(), move.getValue());
        }
        return Files.writeString(work.resolve("demo.yaml"), yaml);
    }

    private static List<String> popsAnswered(int dnsPort) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort));
        resolver.setTimeout(Duration.ofSeconds(2));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("acme.cdn.test."), Type.A, DClass.IN)));
        assertThat(Rcode.string(answer.getRcode())).isEqualTo("NOERROR");
        return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }

    /** A port free for both TCP and UDP on the address (the GTM takes both). */
    private static int freePort(String address) throws IOException {
        InetAddress at = InetAddress.getByName(address);
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, at);
                 DatagramSocket udp = new DatagramSocket(new InetSocketAddress(at, tcp.getLocalPort()))) {
                return udp.getLocalPort();
            } catch (SocketException takenForUdp) {
                // Another try gets another port.
            }
        }
        throw new IOException("no port free for both TCP and UDP on " + address);
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
