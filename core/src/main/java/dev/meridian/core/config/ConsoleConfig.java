package dev.meridian.core.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The console: where it serves the portal and the nodes' API, where it keeps its state, and which
 * nodes may talk to it. With this section present every edge and GTM also ships its usage to
 * {@code url}; without it the network runs as before, each node from its own file.
 *
 * @param listen     where {@code meridian console} serves HTTP (default {@code 127.0.0.1:8090})
 * @param url        the base URL nodes reach the console at (a load balancer in front of several
 *                   consoles, say); default {@code http://<listen>}
 * @param stateDir   the console's own files: the embedded database, stored access logs
 * @param database   a JDBC database; absent means embedded H2 in {@code stateDir}
 * @param nodes      every node that may report: its id (a POP id for an edge), role and token
 * @param usage      how nodes count and ship usage
 * @param retention  how long the console keeps what it ingests
 * @param accessLogs how edges write and ship raw access logs
 * @param push       how config versions reach the nodes
 * @param portal     the portal's sessions and the proxies in front of it
 * @param purge      global purge: waits, rate limits and how edges catch up
 */
public record ConsoleConfig(
        HostPort listen,
        String url,
        Path stateDir,
        ConsoleDatabaseConfig database,
        List<ConsoleNodeConfig> nodes,
        UsageShippingConfig usage,
        RetentionConfig retention,
        AccessLogsConfig accessLogs,
        ConfigPushConfig push,
        PortalConfig portal,
        PurgeControlConfig purge) implements Validatable {

    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8090);
    public static final Path DEFAULT_STATE_DIR = Path.of("var", "console");

    public ConsoleConfig {
        listen = listen == null ? DEFAULT_LISTEN : listen;
        url = url == null ? "http://" + listen : stripTrailingSlash(url);
        stateDir = stateDir == null ? DEFAULT_STATE_DIR : stateDir;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        usage = usage == null ? UsageShippingConfig.DEFAULTS : usage;
        retention = retention == null ? RetentionConfig.DEFAULTS : retention;
        accessLogs = accessLogs == null ? AccessLogsConfig.DEFAULTS : accessLogs;
        push = push == null ? ConfigPushConfig.DEFAULTS : push;
        portal = portal == null ? PortalConfig.DEFAULTS : portal;
        purge = purge == null ? PurgeControlConfig.DEFAULTS : purge;
    }

    /** The node of this id, if it is allowed to talk to the console. */
    public Optional<ConsoleNodeConfig> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("url"), url, u -> u.startsWith("http://") || u.startsWith("https://"),
                "must be an http:// or https:// URL");
        errors.nested(at.field("database"), database);
        errors.each(at.field("nodes"), nodes);
        errors.nested(at.field("usage"), usage);
        errors.nested(at.field("retention"), retention);
        errors.nested(at.field("accessLogs"), accessLogs);
        errors.nested(at.field("push"), push);
        errors.nested(at.field("portal"), portal);
        errors.nested(at.field("purge"), purge);
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            ConsoleNodeConfig node = nodes.get(i);
            if (node == null) {
                continue;
            }
            if (node.id() != null && !ids.add(node.id())) {
                errors.add(at.field("nodes").index(i).field("id"), "duplicate node id " + node.id());
            }
            if (node.token() != null && !tokens.add(node.token())) {
                // A token must say which node is talking; a shared one would let one node report as another.
                errors.add(at.field("nodes").index(i).field("token"), "the same token is given to another node");
            }
        }
    }
}
