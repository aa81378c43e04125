package dev.meridian.console.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.console.node.NodeRegistry;
import dev.meridian.core.config.ConfigError;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.ConfigPath;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.ConfigProposal;
import dev.meridian.uplink.wire.ConfigVote;
import dev.meridian.uplink.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a config version to the network in two phases.
 *
 * <ol>
 *   <li>The file is validated here; a version number is taken with the database's {@code config_head}
 *       (one push at a time across every console).</li>
 *   <li>Phase one: every live node (heard from within {@code console.push.liveness}) that the new config
 *       names is sent the version in parallel; each validates it with its own environment and holds
 *       it. Any refusal, or any node silent past {@code prepareTimeout}, aborts the push: nobody
 *       switches, the held copies are dropped, and the result names the node and its reason.</li>
 *   <li>The commit is recorded in the database first: from then on it is the committed version, and a
 *       node that misses the message below fetches it when it next contacts the console.</li>
 *   <li>Phase two: every node that held it is told to switch, and so is this console.</li>
 * </ol>
 * Nodes that were not live are listed as away; they fetch the committed version when they return.
 */
public final class ConfigPush {
    private static final Logger log = LoggerFactory.getLogger(ConfigPush.class);

    private final ConfigHolder holder;
    private final ConfigVersions versions;
    private final NodeRegistry nodes;
    private final HttpClient http;
    private final ConfigLoader loader;
    private final Clock clock;
    private final CommittedConfig committed;

    public ConfigPush(ConfigHolder holder, ConfigVersions versions, NodeRegistry nodes, HttpClient http,
                      ConfigLoader loader, Clock clock, CommittedConfig committed) {
        this.holder = holder;
        this.versions = versions;
        this.nodes = nodes;
        this.http = http;
        this.loader = loader;
        this.clock = clock;
        this.committed = committed;
    }

    /** How a push ended. */
    public record Result(long version, ConfigVersions.State state, String reason, List<ConfigVersions.Vote> votes,
                         List<String> away, long elapsedMs) {
    }

    /**
     * Pushes {@code yaml} on behalf of {@code author}.
     *
     * @throws ConfigException when the file itself is invalid (nothing is recorded)
     * @throws ConfigVersions.PushInProgress when another push holds the head
     */
    public Result push(String yaml, String author) throws ConfigException, ConfigVersions.PushInProgress,
            SQLException, InterruptedException {
        Instant started = clock.instant();
        MeridianConfig next = loader.loadYaml("pushed config", yaml);
        ConsoleConfig console = next.consoleConfig().orElseThrow(() -> new ConfigException("pushed config",
                List.of(new ConfigError(ConfigPath.root().field("console"), "a pushed config must keep its console section"))));
        long version = versions.begin(yaml, author, started);
        try {
            Set<String> named = console.nodes().stream().map(ConsoleNodeConfig::id).collect(Collectors.toSet());
            Duration liveness = holder.get().consoleConfig().map(c -> c.push().liveness()).orElse(console.push().liveness());
            List<NodeRegistry.Node> live = nodes.contactedSince(started.minus(liveness)).stream()
                    .filter(n -> named.contains(n.id())).toList();
            Set<String> liveIds = live.stream().map(NodeRegistry.Node::id).collect(Collectors.toSet());
            List<String> away = named.stream().filter(id -> !liveIds.contains(id)).sorted().toList();
            Duration timeout = console.push().prepareTimeout();

            byte[] proposal = proposal(version, yaml);
            List<ConfigVersions.Vote> prepared = fanOut(live, next, "/v1/config/prepare", proposal,
                    ConfigVersions.Phase.PREPARE, timeout);
            List<ConfigVersions.Vote> votes = new ArrayList<>(prepared);
            List<ConfigVersions.Vote> refused = prepared.stream().filter(v -> !v.accepted()).toList();
            if (!refused.isEmpty()) {
                String reason = refused.stream().map(v -> v.node() + ": " + v.message()).collect(Collectors.joining("; "));
                versions.recordVotes(version, votes);
                versions.abort(version, reason, clock.instant());
                byte[] abort = versionOnly(version);
                List<NodeRegistry.Node> holding = live.stream().filter(n -> prepared.stream()
                        .anyMatch(v -> v.accepted() && v.node().equals(n.id()))).toList();
                fanOut(holding, next, "/v1/config/abort", abort, ConfigVersions.Phase.COMMIT, timeout);
                log.warn("config version {} aborted: {}", version, reason);
                return new Result(version, ConfigVersions.State.ABORTED, reason, votes, away, elapsed(started));
            }
            if (!versions.commit(version, clock.instant())) {
                String reason = "another push took over while this one waited for the nodes";
                versions.recordVotes(version, votes);
                versions.abort(version, reason, clock.instant());
                return new Result(version, ConfigVersions.State.ABORTED, reason, votes, away, elapsed(started));
            }
            committed.apply(version, yaml);
            votes.addAll(fanOut(live, next, "/v1/config/commit", versionOnly(version), ConfigVersions.Phase.COMMIT,
                    timeout));
            versions.recordVotes(version, votes);
            log.info("config version {} committed by {} on {} node(s){}", version, author, live.size(),
                    away.isEmpty() ? "" : "; away, to catch up: " + String.join(", ", away));
            return new Result(version, ConfigVersions.State.COMMITTED, null, votes, away, elapsed(started));
        } catch (SQLException | RuntimeException e) {
            versions.abort(version, "the console failed: " + e, clock.instant());
            throw e;
        }
    }

    private long elapsed(Instant started) {
        return Duration.between(started, clock.instant()).toMillis();
    }

    private static byte[] versionOnly(long version) {
        return ("{\"version\":" + version + "}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] proposal(long version, String yaml) {
        try {
            return WireJson.mapper().writeValueAsBytes(new ConfigProposal(version, yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a proposal is a string and a number", e);
        }
    }

    /** Sends one phase's message to every node at once and gathers their votes within {@code timeout}. */
    private List<ConfigVersions.Vote> fanOut(List<NodeRegistry.Node> targets, MeridianConfig next, String path,
                                             byte[] body, ConfigVersions.Phase phase, Duration timeout)
            throws InterruptedException {
        Map<String, CompletableFuture<ConfigVersions.Vote>> pending = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NodeRegistry.Node node : targets) {
            String token = next.consoleConfig().flatMap(c -> c.node(node.id())).map(ConsoleNodeConfig::token)
                    .orElseThrow();
            long sent = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(node.adminUrl() + path))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            pending.put(node.id(), http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> vote(node.id(), phase, response, sent))
                    .exceptionally(e -> new ConfigVersions.Vote(node.id(), phase, false,
                            "no answer: " + rootMessage(e), millisSince(sent))));
        }
        List<ConfigVersions.Vote> votes = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<ConfigVersions.Vote>> each : pending.entrySet()) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                votes.add(each.getValue().get(left, TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                each.getValue().cancel(true);
                votes.add(new ConfigVersions.Vote(each.getKey(), phase, false,
                        "no answer within " + timeout.toMillis() + " ms", timeout.toMillis()));
            } catch (ExecutionException e) {
                votes.add(new ConfigVersions.Vote(each.getKey(), phase, false, rootMessage(e), timeout.toMillis()));
            }
        }
        return votes;
    }

    private static ConfigVersions.Vote vote(String node, ConfigVersions.Phase phase, HttpResponse<String> response,
                                            long sent) {
        long ms = millisSince(sent);
        try {
            ConfigVote vote = WireJson.mapper().readValue(response.body(), ConfigVote.class);
            return new ConfigVersions.Vote(node, phase, vote.accepted() && response.statusCode() == 200, vote.message(), ms);
        } catch (IOException e) {
            return new ConfigVersions.Vote(node, phase, false, "answered " + response.statusCode() + ": "
                    + abbreviate(response.body()), ms);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.toString();
    }
}
