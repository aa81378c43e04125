package dev.meridian.console.logs;

import dev.meridian.console.node.NodeTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.config.AccessLogsConfig;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.logs.LogFileName;
import dev.meridian.uplink.logs.LogReceipt;
import dev.meridian.uplink.logs.LogUploads;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /v1/ingest/logs/<customer>/<name>}: an edge uploads a completed access log file (protocol in
 * {@code uplink.logs}). Runs on a worker thread: the body is received into a staged file while its
 * SHA-256 is computed, checked, read through once ({@link LogScan}), moved into place and recorded.
 * The same file sent again is acknowledged as a duplicate and changes nothing.
 */
final class LogIngestHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(LogIngestHandler.class);
    private static final ObjectMapper json = new ObjectMapper();

    private final ConfigHolder config;
    private final LogStore store;
    private final LogFilesTable table;
    private final Clock clock;

    LogIngestHandler(ConfigHolder config, LogStore store, LogFilesTable table, Clock clock) {
        this.config = config;
        this.store = store;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        ex.startBlocking();
        try {
            LogReceipt receipt = ingest(ex);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            ex.getResponseSender().send(json.writeValueAsString(receipt));
        } catch (Refused r) {
            if (r.status() == 401 || r.status() == 403) {
                log.warn("access log upload {} refused ({}): {}", ex.getRequestPath(), r.status(), r.getMessage());
            } else {
                log.info("access log upload {} refused ({}): {}", ex.getRequestPath(), r.status(), r.getMessage());
            }
            ex.setStatusCode(r.status());
            ex.getResponseSender().send(r.getMessage() + "\n");
        } catch (IOException | SQLException e) {
            log.warn("cannot store access log upload {}: {}", ex.getRequestPath(), e.toString());
            ex.setStatusCode(503);
            ex.getResponseSender().send("cannot store it now; try again later\n");
        }
    }

    private LogReceipt ingest(HttpServerExchange ex) throws Refused, IOException, SQLException {
        MeridianConfig network = config.get();
        ConsoleConfig console = network.consoleConfig().orElseThrow();
        ConsoleNodeConfig node = NodeTokens.authenticate(ex, network)
                .orElseThrow(() -> new Refused(401, "no node has this token"));
        if (node.role() != ConsoleNodeConfig.NodeRole.EDGE) {
            throw new Refused(403, "node " + node.id() + " is not an edge");
        }
        Map<String, String> params = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters();
        String customer = params.get("customer");
        String name = params.get("name");
        LogFileName parsed = LogFileName.parse(name)
                .orElseThrow(() -> new Refused(400, "not an access log file name: " + name));
        if (!parsed.pop().equals(node.id())) {
            throw new Refused(403, "node " + node.id() + " may not upload a file of " + parsed.pop());
        }
        if (network.customers().stream().noneMatch(c -> c.id().equals(customer))) {
            throw new Refused(400, "no customer " + customer + " in this network");
        }
        Path target = store.path(customer, name).orElseThrow(() -> new Refused(400, "bad customer or name"));
        String expected = ex.getRequestHeaders().getFirst(LogUploads.SHA256_HEADER);
        if (expected == null || !expected.matches("[0-9a-f]{64}")) {
            throw new Refused(400, "missing " + LogUploads.SHA256_HEADER + " (lower-case hex SHA-256 of the body)");
        }
        AccessLogsConfig limits = console.accessLogs();
        long maxBytes = limits.maxUploadBytes();
        if (ex.getRequestContentLength() > maxBytes) {
            throw new Refused(400, "larger than " + maxBytes + " bytes");
        }
        Path staged = store.stage();
        try {
            String actual = receive(ex.getInputStream(), staged, maxBytes);
            if (!actual.equals(expected)) {
                throw new Refused(400, "checksum mismatch: the body's SHA-256 is " + actual);
            }
            Optional<LogReceipt> known = duplicate(customer, name, actual);
            if (known.isPresent()) {
                return known.get();
            }
            LogScan.Summary summary;
            try {
                summary = LogScan.scan(staged, limits.rotateSize().bytes() + AccessLogsConfig.MAX_LINE_BYTES,
                        AccessLogsConfig.MAX_LINE_BYTES);
            } catch (LogScan.InvalidLogFile e) {
                throw new Refused(400, "not an access log file: " + e.getMessage());
            }
            long bytes = Files.size(staged);
            store.commit(staged, target);
            LogFile row = new LogFile(customer, name, node.id(), bytes, summary.lines(), actual, summary.first(),
                    summary.last(), clock.instant());
            if (!table.insert(row)) {
                // Another upload of this name won the race; it stored the same file or the request is refused.
                return duplicate(customer, name, actual).orElseThrow(() -> new Refused(400, "a different " + name
                        + " is already stored"));
            }
            return new LogReceipt(customer, name, summary.lines(), false);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** The receipt for a file already stored, if it is this very file; a different file of the name is refused. */
    private Optional<LogReceipt> duplicate(String customer, String name, String sha256) throws SQLException, Refused {
        Optional<LogFile> stored = table.find(customer, name);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (!stored.get().sha256().equals(sha256)) {
            throw new Refused(400, "a different " + name + " is already stored");
        }
        return Optional.of(new LogReceipt(customer, name, stored.get().lines(), true));
    }

    /** Copies the body to {@code staged}, at most {@code maxBytes}, and returns its SHA-256. */
    private static String receive(InputStream body, Path staged, long maxBytes) throws IOException, Refused {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(staged)) {
            int n;
            while ((n = body.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new Refused(400, "larger than " + maxBytes + " bytes");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return LogUploads.hex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
