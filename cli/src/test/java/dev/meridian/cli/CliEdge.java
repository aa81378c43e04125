package dev.meridian.cli;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.EdgeServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** An edge on ephemeral loopback ports for CLI tests, and a way to run the CLI and see what it printed. */
final class CliEdge implements AutoCloseable {
    static final String OPERATOR = "operator-token-0123456789";
    static final String ACME = "acme-token-0123456789abcdef";

    final EdgeServer edge;

    CliEdge(String originUrl) throws Exception {
        edge = EdgeServer.start(new ConfigHolder(config(originUrl, "127.0.0.1:0", "127.0.0.1:0")), "sjc");
    }

    static String yaml(String originUrl, String http, String admin) {
        return """
                pops:
                  - id: sjc
                    edge: { http: "%s", admin: "%s" }
                    cache: { memory: 64MB, maxObjectSize: 4MB }
                operatorTokens: [ "%s" ]
                customers:
                  - id: acme
                    adminTokens: [ "%s" ]
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "%s" } ]
                """.formatted(http, admin, OPERATOR, ACME, originUrl);
    }

    static MeridianConfig config(String originUrl, String http, String admin) throws Exception {
        return new ConfigLoader(name -> null).loadYaml("test", yaml(originUrl, http, admin));
    }

    String http() {
        return "127.0.0.1:" + edge.httpAddress().getPort();
    }

    String admin() {
        return "127.0.0.1:" + edge.adminAddress().getPort();
    }

    record Run(int exitCode, String out) {
    }

    /** Runs {@code meridian <args>} in this JVM, capturing standard output. */
    static synchronized Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new MeridianCli()).execute(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Override
    public void close() {
        edge.close();
    }
}
