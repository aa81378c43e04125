package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.MeridianConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Config versions through the console. */
@Command(name = "config", description = "Config versions through the console.", subcommands = ConfigCommand.Push.class)
final class ConfigCommand {

    /**
     * Pushes a config file to every node in two phases and prints each node's answer. The console and
     * the operator token come from the file itself (its {@code console.url} and first operator token)
     * unless given.
     */
    @Command(name = "push", description = "Validate FILE, send it to every node, and commit it only if all of them take it.")
    static final class Push implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The whole network config (YAML).")
        Path file;

        @Option(names = "--console", paramLabel = "URL", description = "The console (default: console.url in FILE).")
        String console;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "Operator token (default: $" + PurgeCommand.TOKEN_ENV + ", else FILE's first operator token).")
        String token;

        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Integer call() throws InterruptedException {
            MeridianConfig config;
            String yaml;
            try {
                yaml = Files.readString(file);
                config = new ConfigLoader().loadYaml(file.toString(), yaml);
            } catch (IOException e) {
                System.err.println("cannot read " + file + ": " + e.getMessage());
                return 2;
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            Optional<String> url = Optional.ofNullable(console).or(() -> config.consoleConfig().map(ConsoleConfig::url));
            Optional<String> bearer = Optional.ofNullable(token).or(() -> Optional.ofNullable(System.getenv(PurgeCommand.TOKEN_ENV)))
                    .or(() -> config.operatorTokens().stream().findFirst());
            if (url.isEmpty() || bearer.isEmpty()) {
                System.err.println(url.isEmpty() ? "no console: FILE has no console section; pass --console"
                        : "no operator token: pass --token or set " + PurgeCommand.TOKEN_ENV);
                return 2;
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.get() + "/v1/config"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + bearer.get())
                    .header("Content-Type", "application/yaml")
                    .header("X-Meridian-Author", System.getProperty("user.name") + "@" + hostName())
                    .POST(HttpRequest.BodyPublishers.ofString(yaml))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                System.err.println("config push: the console at " + url.get() + " does not answer: " + Failures.rootMessage(e));
                return 1;
            }
            return report(response);
        }

        private static int report(HttpResponse<String> response) {
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                System.err.println("config push: the console answered " + response.statusCode() + ": " + response.body());
                return 1;
            }
            if (body.has("error")) {
                System.err.println("config push refused (" + response.statusCode() + "): " + body.get("error").asText());
                return 1;
            }
            System.out.printf("config version %d %s in %d ms%n", body.get("version").asLong(),
                    body.get("state").asText().equals("COMMITTED") ? "committed" : "ABORTED", body.get("elapsedMs").asLong());
            if (body.hasNonNull("reason")) {
                System.out.println("  why: " + body.get("reason").asText());
            }
            for (JsonNode vote : body.get("votes")) {
                System.out.printf("  %-10s %-8s %-8s %5d ms%s%n", vote.get("node").asText(),
                        vote.get("phase").asText().toLowerCase(Locale.ROOT),
                        vote.get("accepted").asBoolean() ? "ok" : "refused", vote.get("latencyMs").asLong(),
                        vote.hasNonNull("message") ? "  " + vote.get("message").asText().lines().findFirst().orElse("") : "");
            }
            for (JsonNode away : body.get("away")) {
                System.out.printf("  %-10s away: takes the committed version when it is back%n", away.asText());
            }
            return response.statusCode() == 200 ? 0 : 1;
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown-host";
            }
        }
    }
}
