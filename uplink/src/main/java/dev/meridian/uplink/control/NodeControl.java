package dev.meridian.uplink.control;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.uplink.wire.NodeRegistration;
import io.undertow.server.HttpHandler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node (edge or GTM) runs to be controlled by the console: the {@link ConfigAgent} behind its
 * admin listener's {@code /v1/config} endpoints, and the {@link NodeLink} that registers it and catches
 * it up. {@link #prepare} before the admin listener is built (it restores the last committed version,
 * so nothing serves the older file), {@link #connect} once the admin listener is up and before clients
 * are served.
 */
public final class NodeControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeControl.class);
    /** The Meridian version a node reports, from its jar's manifest ("dev" when run from classes). */
    static final String SOFTWARE_VERSION = Optional.ofNullable(NodeControl.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private final ConfigHolder holder;
    private final ConsoleNodeConfig self;
    private final ConfigAgent agent;
    private NodeLink link;

    private NodeControl(ConfigHolder holder, ConsoleNodeConfig self, ConfigAgent agent) {
        this.holder = holder;
        this.self = self;
        this.agent = agent;
    }

    /**
     * The console's control of node {@code nodeId}, or empty when the config has no console or does not
     * name this node (it then runs from its file alone, reloaded by SIGHUP, as without a console).
     */
    public static Optional<NodeControl> prepare(ConfigHolder holder, String nodeId, ConsoleNodeConfig.NodeRole role,
                                                NodeCheck check) {
        Optional<ConsoleConfig> console = holder.get().consoleConfig();
        Optional<ConsoleNodeConfig> self = console.flatMap(c -> c.node(nodeId)).filter(n -> n.role() == role);
        if (console.isEmpty()) {
            return Optional.empty();
        }
        if (self.isEmpty()) {
            log.warn("node {} is not among console.nodes as a{} {}: it will not report to the console nor take its"
                    + " config pushes", nodeId, role == ConsoleNodeConfig.NodeRole.EDGE ? "n" : "",
                    role.name().toLowerCase(Locale.ROOT));
            return Optional.empty();
        }
        NodeCheck stillNamed = candidate -> candidate.consoleConfig().flatMap(c -> c.node(nodeId))
                .filter(n -> n.role() == role).isEmpty()
                ? Optional.of("the config does not name this node in console.nodes") : check.refuse(candidate);
        ConfigAgent agent = new ConfigAgent(nodeId, holder, new ConfigLoader(), stillNamed,
                Path.of(console.get().push().nodeStateDir()));
        agent.restore();
        return Optional.of(new NodeControl(holder, self.get(), agent));
    }

    /** The {@code /v1/config/...} endpoints, to mount under {@link ConfigEndpoints#PREFIX} on the admin listener. */
    public HttpHandler endpoints() {
        return new ConfigEndpoints(agent, holder).handler();
    }

    public ConfigAgent agent() {
        return agent;
    }

    /** Registers with the console (once now, waiting a few seconds at most, then periodically). */
    public void connect(String adminUrl, BooleanSupplier healthy) {
        String role = self.role().name().toLowerCase(Locale.ROOT);
        link = NodeLink.start(holder, agent, () -> new NodeRegistration(self.id(), role, adminUrl, SOFTWARE_VERSION,
                agent.runningVersion(), healthy.getAsBoolean()));
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
    }
}
