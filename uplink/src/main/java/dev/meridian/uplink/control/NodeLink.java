package dev.meridian.uplink.control;

import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.uplink.wire.ConfigProposal;
import dev.meridian.uplink.wire.NodeRegistration;
import dev.meridian.uplink.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's standing contact with the console: it registers (id, role, admin URL, versions, health)
 * when it starts and every {@code console.push.checkEvery} after, and each time asks for the committed
 * config version, so a node that was away (down, partitioned, or its commit message lost) catches up
 * as soon as it can reach the console again. One thread; a console that does not answer costs a
 * bounded wait and a line in the log, never a stalled node.
 */
public final class NodeLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLink.class);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final ConfigHolder holder;
    private final ConfigAgent agent;
    private final Supplier<NodeRegistration> registration;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private volatile boolean reachable = true;

    private NodeLink(ConfigHolder holder, ConfigAgent agent, Supplier<NodeRegistration> registration) {
        this.holder = holder;
        this.agent = agent;
        this.registration = registration;
        this.httpThreads = Executors.newSingleThreadExecutor(DaemonThreads.named("node-link-http-" + agent.node()));
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).executor(httpThreads).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("node-link-" + agent.node()));
    }

    /**
     * Contacts the console once (waiting at most a few seconds, so a node that missed a commit starts
     * on it), then keeps in contact. The registration
     * supplier is asked each time, so it reports the node's current health and version.
     */
    public static NodeLink start(ConfigHolder holder, ConfigAgent agent, Supplier<NodeRegistration> registration) {
        NodeLink link = new NodeLink(holder, agent, registration);
        link.contactOnce();
        Duration every = holder.get().consoleConfig().map(c -> c.push().checkEvery()).orElse(Duration.ofSeconds(10));
        link.timer.scheduleWithFixedDelay(link::contactOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return link;
    }

    /** Registers and catches up once; whether the console answered. */
    public boolean contactOnce() {
        Optional<ConsoleConfig> console = holder.get().consoleConfig();
        Optional<ConsoleNodeConfig> self = console.flatMap(c -> c.node(agent.node()));
        if (console.isEmpty() || self.isEmpty()) {
            return false;
        }
        try {
            HttpResponse<String> registered = send(self.get(), HttpRequest.newBuilder(
                    URI.create(console.get().url() + "/v1/nodes/register"))
                    .POST(HttpRequest.BodyPublishers.ofString(WireJson.mapper().writeValueAsString(registration.get())))
                    .header("Content-Type", "application/json"));
            if (registered.statusCode() != 200) {
                log.warn("node {}: the console refused its registration ({}): {}", agent.node(), registered.statusCode(),
                        registered.body());
                return false;
            }
            HttpResponse<String> committed = send(self.get(), HttpRequest.newBuilder(
                    URI.create(console.get().url() + "/v1/config/committed")).GET());
            if (committed.statusCode() == 200) {
                ConfigProposal version = WireJson.mapper().readValue(committed.body(), ConfigProposal.class);
                agent.catchUp(version.version(), version.yaml());
            }
            if (!reachable) {
                log.info("node {}: the console at {} answers again", agent.node(), console.get().url());
            }
            reachable = true;
            return true;
        } catch (IOException e) {
            if (reachable) {
                log.warn("node {}: the console at {} does not answer ({}); retrying every few seconds", agent.node(),
                        console.get().url(), e.toString());
            }
            reachable = false;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(ConsoleNodeConfig self, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + self.token()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        httpThreads.shutdownNow();
    }
}
