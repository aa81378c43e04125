package dev.meridian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Purges content on every POP. With a console in the config (and neither {@code --pop} nor {@code
 * --admin}), through the console ({@code POST /v1/purge}): one numbered purge that every POP applies,
 * printing each POP's acknowledgement and latency. Otherwise through each chosen POP's admin API
 * ({@code POST /purge}), printing what each removed. The token comes from {@code --token} or, better
 * (it stays out of the process list), {@code MERIDIAN_TOKEN}.
 */
@Command(name = "purge", description = "Purge a URL, a URL prefix, a whole host or a tag from POP caches.")
final class PurgeCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "MERIDIAN_TOKEN";

    @Mixin
    ConfigOption config;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(paramLabel = "URL", description = "One URL, in either form clients use (http://acme.cdn.test/a.jpg).")
        String url;

        @Option(names = "--prefix", paramLabel = "URL", description = "Every URL starting with this one.")
        String prefix;

        @Option(names = "--host", paramLabel = "HOST", description = "Everything of this CDN (or origin) hostname.")
        String host;

        @Option(names = "--tag", paramLabel = "TAG",
                description = "Every object the origin tagged so (Surrogate-Key, Cache-Tag), of the token's customer.")
        String tag;
    }

    @Option(names = "--soft", description = "Mark stale instead of deleting: the next request revalidates with the origin.")
    boolean soft;

    @Option(names = "--pop", paramLabel = "ID", description = "A POP to purge directly (repeatable). Default: every POP, through the console when the config has one.")
    List<String> pops = new ArrayList<>();

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "An admin listener to purge directly (repeatable), instead of POPs from the config.")
    List<String> admins = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (default: $" + TOKEN_ENV + ").")
    String token;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws InterruptedException {
        String bearer = token != null ? token : System.getenv(TOKEN_ENV);
        if (bearer == null || bearer.isBlank()) {
            System.err.println("no token: pass --token or set " + TOKEN_ENV);
            return 2;
        }
        Map<String, String> targets;
        try {
            if (pops.isEmpty() && admins.isEmpty()) {
                Optional<ConsoleConfig> console = config.load().consoleConfig();
                if (console.isPresent()) {
                    return throughConsole(console.get().url(), bearer);
                }
            }
            targets = targets();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        String body = requestBody().toString();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int failures = 0;
        for (Map.Entry<String, String> t : targets.entrySet()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + t.getValue() + "/purge"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode answer = JSON.readTree(response.body());
                if (response.statusCode() == 200) {
                    System.out.printf("%s: %s %d object(s), %d derived, in %s ms%n", t.getKey(), soft ? "marked stale" : "purged",
                            answer.path("purged").asInt(), answer.path("derived").asInt(), answer.path("durationMs").asText());
                } else {
                    failures++;
                    System.out.printf("%s: HTTP %d: %s%n", t.getKey(), response.statusCode(), answer.path("error").asText(response.body()));
                }
            } catch (IOException e) {
                failures++;
                System.out.printf("%s: unreachable (%s)%n", t.getKey(), Failures.rootMessage(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** One purge through the console: 0 when every POP acknowledged, 1 when some are still pending or it failed. */
    private int throughConsole(String consoleUrl, String bearer) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(consoleUrl + "/v1/purge"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody().toString())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 && response.statusCode() != 202) {
                System.out.printf("console: HTTP %d: %s%n", response.statusCode(), answer.path("error").asText(response.body()));
                return 1;
            }
            System.out.printf("purge %d through the console %s%n", answer.path("seq").asLong(), consoleUrl);
            for (JsonNode pop : answer.path("pops")) {
                if (pop.path("acked").asBoolean()) {
                    System.out.printf("%s: acknowledged in %s ms%n", pop.path("pop").asText(), pop.path("latencyMs").asText());
                } else {
                    System.out.printf("%s: pending%s%n", pop.path("pop").asText(),
                            pop.has("error") ? " (" + pop.path("error").asText() + ")" : "");
                }
            }
            if (response.statusCode() == 202) {
                System.out.printf("not every POP has acknowledged yet; the console keeps trying: %s%s%n", consoleUrl,
                        answer.path("status").asText());
                return 1;
            }
            return 0;
        } catch (IOException e) {
            System.out.printf("console %s: unreachable (%s)%n", consoleUrl, Failures.rootMessage(e));
            return 1;
        }
    }

    private ObjectNode requestBody() {
        ObjectNode body = JSON.createObjectNode();
        if (target.url != null) {
            body.put("url", target.url);
        } else if (target.prefix != null) {
            body.put("prefix", target.prefix);
        } else if (target.host != null) {
            body.put("host", target.host);
        } else {
            body.put("tag", target.tag);
        }
        return body.put("soft", soft);
    }

    /** Name to admin address: the --admin listeners, or the chosen (default: all) POPs of the config. */
    private Map<String, String> targets() throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!admins.isEmpty()) {
            admins.forEach(a -> out.put(a, a));
            return out;
        }
        MeridianConfig c = config.load();
        List<PopConfig> chosen = pops.isEmpty() ? c.pops() : new ArrayList<>();
        for (String id : pops) {
            chosen.add(c.pop(id).orElseThrow(() -> new IllegalArgumentException("--pop " + id + ": no such POP in the config (known: "
                    + String.join(", ", c.pops().stream().map(PopConfig::id).toList()) + ")")));
        }
        for (PopConfig p : chosen) {
            out.put(p.id(), p.edge().admin().host() + ":" + p.edge().admin().port());
        }
        return out;
    }
}
