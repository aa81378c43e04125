package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's guide prints commands that work as pasted against the running demo: tokens included. */
class DemoGuideTest {
    @TempDir
    Path dir;

    /** With probes the GTM has a live view (/v1/health); without, only /v1/addresses. */
    private MeridianConfig config(boolean probes) throws Exception {
        // The GTM's probes need the edge on a fixed port: on a loopback address of this test's own. The origin is
        // not on loopback, so the demo starts no stub on a fixed port.
        return new ConfigLoader(name -> null).loadYaml("guide.yaml", """
                dns: { zone: cdn.test, listen: "127.0.0.1:0", admin: "127.0.0.1:0", stateDir: "%s"%s }
                pops: [ { id: sjc, edge: { http: "127.0.0.174:8080", admin: "127.0.0.174:9080" } } ]
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    adminTokens: [ "%s" ]
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://192.0.2.1:80" } ]
                """.formatted(dir, probes ? ", probes: { latency: { methods: [] }, emulation: {} }" : "", CliEdge.OPERATOR, CliEdge.ACME));
    }

    @Test
    void thePurgeAndGtmHealthCommandsCarryTheConfiguredTokensAndAreAccepted() throws Exception {
        try (Demo demo = Demo.start(config(true))) {
            String guide = guide(demo, Map.of());

            String purge = line(guide, "/purge");
            assertThat(purge).contains(CliEdge.ACME);
            assertThat(curl(purge).statusCode()).as(purge).isEqualTo(200);

            String health = line(guide, "/v1/health");
            assertThat(health).contains(CliEdge.OPERATOR);
            assertThat(curl(health).statusCode()).as(health).isEqualTo(200);
        }
    }

    @Test
    void tokensFromTheEnvironmentAreNamedAndTheCommandsWorkInAShellThatHasThem() throws Exception {
        Map<String, String> env = Map.of("ACME_TOKEN", CliEdge.ACME, "MERIDIAN_OPERATOR_TOKEN", CliEdge.OPERATOR);
        try (Demo demo = Demo.start(config(false))) {
            String guide = guide(demo, env);

            assertThat(guide).doesNotContain(CliEdge.ACME).doesNotContain(CliEdge.OPERATOR)
                    .contains("export it in this shell too");
            assertThat(curl(line(guide, "/purge"), env).statusCode()).isEqualTo(200);
            assertThat(curl(line(guide, "/v1/addresses"), env).statusCode()).isEqualTo(200);
            // Without the variable the shell stops, naming it, instead of sending an empty token.
            assertThat(shellWords(line(guide, "/purge"), Map.of())).isEmpty();
        }
    }

    private static String guide(Demo demo, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DemoGuide(demo).print(new PrintStream(out, true, StandardCharsets.UTF_8), env);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String line(String guide, String containing) {
        return Arrays.stream(guide.split("\n")).map(String::strip)
                .filter(l -> l.startsWith("curl ") && l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no curl command with " + containing + " in:\n" + guide));
    }

    private static HttpResponse<String> curl(String command) throws Exception {
        return curl(command, Map.of());
    }

    /** Runs a printed curl command as a shell would split it (by bash itself), sending the same request. */
    private static HttpResponse<String> curl(String command, Map<String, String> env) throws Exception {
        List<String> words = shellWords(command, env);
        assertThat(words).as("the shell accepts " + command).isNotEmpty();
        assertThat(words.get(0)).isEqualTo("curl");
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(10));
        String method = "GET";
        String body = null;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s", "-si" -> { }
                case "-XPOST" -> method = "POST";
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    request.header(header[0], header[1]);
                }
                case "-d" -> {
                    body = words.get(++i);
                    method = "POST";
                }
                default -> {
                    assertThat(w).as("an option this test does not know").doesNotStartWith("-");
                    request.uri(URI.create(w));
                }
            }
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The words bash makes of a command line in an environment holding only {@code env}; empty if bash refuses it. */
    private static List<String> shellWords(String command, Map<String, String> env) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "set -- " + command + " && printf '%s\\0' \"$@\"");
        bash.environment().clear();
        bash.environment().putAll(env);
        bash.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = bash.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            return List.of();
        }
        return List.of(new String(out, StandardCharsets.UTF_8).split("\0"));
    }
}
