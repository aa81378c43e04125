package dev.meridian.console.testing;

import dev.meridian.console.ConsoleServer;
import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.Users;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.MeridianConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A console on a free loopback port over its own embedded H2, for portal tests: two customers (acme and
 * globex, each with a CDN hostname; globex also a GTM-only one), one POP, and a GTM admin address to ask
 * for health (give a port where nothing listens for an unreachable GTM).
 */
public final class TestConsole implements AutoCloseable {
    public static final String OPERATOR_TOKEN = "test-operator-token-0123456789";

    private final ConsoleServer server;
    private final Users users;
    private final PasswordHasher hasher = new PasswordHasher();

    private TestConsole(ConsoleServer server) {
        this.server = server;
        this.users = new Users(server.database().dataSource(), Clock.systemUTC());
    }

    /** @param portalYaml the {@code console.portal} section's body, e.g. {@code trustedProxies: [127.0.0.1]} */
    public static TestConsole start(Path stateDir, int gtmAdminPort, String portalYaml) throws Exception {
        String yaml = """
                dns: { zone: cdn.test, listen: "127.0.0.1:0", admin: "127.0.0.1:%d" }
                pops:
                  - id: sjc
                    location: { name: "San Jose", lat: 37.3, lon: -121.9 }
                    edge: { http: "127.0.0.11:8080", admin: "127.0.0.11:9080" }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    properties:
                      - host: www.acme.test
                        origins: [ { host: origin.acme.test, url: "http://127.0.0.1:18081" } ]
                  - id: globex
                    properties:
                      - host: www.globex.test
                        origins: [ { host: origin.globex.test, url: "http://127.0.0.1:18082" } ]
                      - host: api.globex.test
                        dns: { servers: [ { address: 192.0.2.10 }, { address: 192.0.2.11 } ] }
                console:
                  stateDir: "%s"
                  nodes:
                    - { id: sjc, role: edge, token: "sjc-node-token-0123456789" }
                    - { id: gtm, role: gtm, token: "gtm-node-token-0123456789" }
                  portal: { %s }
                """.formatted(gtmAdminPort, OPERATOR_TOKEN, stateDir.toString().replace("\\", "/"), portalYaml);
        MeridianConfig config = new ConfigLoader().loadYaml("test-console.yaml", yaml);
        return new TestConsole(ConsoleServer.start(new ConfigHolder(config), new HostPort("127.0.0.1", 0)));
    }

    /** A loopback port nothing listens on (taken and given back): a GTM that does not answer. */
    public static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String url() {
        return server.url();
    }

    public ConsoleServer server() {
        return server;
    }

    public void addCustomerUser(String login, String customer, String password) {
        users.add(login, Viewer.Role.CUSTOMER, customer, hasher.hash(password));
    }

    public void addOperator(String login, String password) {
        users.add(login, Viewer.Role.OPERATOR, null, hasher.hash(password));
    }

    public PortalClient client() {
        return new PortalClient(url());
    }

    @Override
    public void close() {
        server.close();
    }
}
