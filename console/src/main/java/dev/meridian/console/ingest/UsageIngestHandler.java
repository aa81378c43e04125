package dev.meridian.console.ingest;

import dev.meridian.console.node.NodeTokens;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.meridian.console.usage.BatchValidator;
import dev.meridian.console.usage.DropReason;
import dev.meridian.console.usage.InvalidBatchException;
import dev.meridian.console.usage.UsageOwners;
import dev.meridian.console.usage.UsageStore;
import dev.meridian.console.usage.ValidBatch;
import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.wire.IngestReceipt;
import dev.meridian.uplink.wire.UsageBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/ingest/usage}: a node's usage batch, as {@code uplink.wire}'s package doc states the
 * protocol. The token is checked on the I/O thread (constant time against every node's); the body is
 * read, bounded, parsed, validated and stored on a worker thread. 200 with a receipt (duplicates too),
 * 400 for a batch that can never be accepted (the node drops it), 401 for a missing or unknown token,
 * 403 for a batch naming another node than the token's, 503 when the database fails (the node retries).
 * Refusals are logged at most once per 10 s and all counted in {@code console_ingest_batches_total}.
 */
public final class UsageIngestHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(UsageIngestHandler.class);
    /** About 300 bytes of JSON per edge row: room for BatchValidator.MAX_ROWS of them. */
    public static final long MAX_BODY = 48L * 1024 * 1024;

    private final ConfigHolder holder;
    private final UsageStore store;
    private final BatchValidator validator;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            // Newer nodes may send more than this console knows; what it knows is still checked.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private final ThrottledLog refusals = new ThrottledLog(log, Duration.ofSeconds(10));
    private final ThrottledLog drops = new ThrottledLog(log, Duration.ofSeconds(10));
    private final MeterRegistry registry;
    private final Counter rows;
    private volatile Owners owners;

    private record Owners(MeridianConfig config, UsageOwners owners) {
    }

    public UsageIngestHandler(ConfigHolder holder, UsageStore store, BatchValidator validator, MeterRegistry registry) {
        this.holder = holder;
        this.store = store;
        this.validator = validator;
        this.registry = registry;
        this.rows = Counter.builder("console.ingest.rows").description("usage rows counted").register(registry);
        for (String outcome : List.of("accepted", "duplicate", "invalid", "unauthorized", "forbidden", "failed")) {
            outcome(outcome);
        }
    }

    private Counter outcome(String outcome) {
        return Counter.builder("console.ingest.batches").description("usage batches by what became of them")
                .tag("outcome", outcome).register(registry);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "POST");
            send(ex, 405, error("use POST with a JSON usage batch"));
            return;
        }
        MeridianConfig config = holder.get();
        Optional<ConsoleNodeConfig> node = BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION))
                .flatMap(token -> NodeTokens.ofToken(config, token));
        if (node.isEmpty()) {
            refuse(ex, 401, "unauthorized", "a node's Bearer token is required", "no or unknown token");
            return;
        }
        if (ex.getRequestContentLength() > MAX_BODY) {
            refuse(ex, 400, "invalid", "a usage batch is at most " + MAX_BODY + " bytes", "node " + node.get().id()
                    + " sent " + ex.getRequestContentLength() + " bytes");
            return;
        }
        ex.dispatch(() -> ingest(ex, config, node.get()));
    }


    private void ingest(HttpServerExchange ex, MeridianConfig config, ConsoleNodeConfig node) {
        UsageBatch batch;
        ex.setMaxEntitySize(MAX_BODY);
        ex.startBlocking();
        try (InputStream body = ex.getInputStream()) {
            batch = json.readValue(body, UsageBatch.class);
        } catch (JacksonException e) {
            refuse(ex, 400, "invalid", "not a usage batch: " + e.getOriginalMessage(), "node " + node.id()
                    + " sent a body that is not a usage batch");
            return;
        } catch (IOException e) {
            // Over the limit (Undertow stops reading there), or the connection failed.
            refuse(ex, 400, "invalid", "the body could not be read whole (at most " + MAX_BODY + " bytes)",
                    "node " + node.id() + ": " + e.getMessage());
            return;
        }
        if (batch == null || !node.id().equals(batch.node())) {
            refuse(ex, 403, "forbidden", "the token is node " + node.id() + "'s", "node " + node.id()
                    + " sent a batch as " + (batch == null ? "nobody" : batch.node()));
            return;
        }
        ConsoleConfig console = config.consoleConfig().orElseThrow();
        try {
            ValidBatch valid = validator.validate(batch, node, owners(config), console.retention().minutes());
            logDrops(valid);
            IngestReceipt receipt = store.ingest(valid);
            outcome(receipt.duplicate() ? "duplicate" : "accepted").increment();
            rows.increment(receipt.rows());
            send(ex, 200, json.writeValueAsString(receipt));
        } catch (InvalidBatchException e) {
            refuse(ex, 400, "invalid", e.getMessage(), "node " + node.id() + " batch " + batch.batchId());
        } catch (SQLException | RuntimeException e) {
            outcome("failed").increment();
            log.error("usage batch {} from node {} not stored (the node will send it again): {}", batch.batchId(),
                    node.id(), e.toString());
            send(ex, 503, error("the console could not store the batch now; send it again later"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a receipt", e);
        }
    }

    private void logDrops(ValidBatch valid) {
        for (Map.Entry<DropReason, Integer> drop : valid.dropped().entrySet()) {
            Counter.builder("console.ingest.rows.dropped").description("valid rows not counted, by why")
                    .tag("reason", drop.getKey().name().toLowerCase(Locale.ROOT)).register(registry)
                    .increment(drop.getValue());
            drops.warn("node {} batch {}: {} rows not counted ({}): {}", valid.node().id(), valid.batchId(),
                    drop.getValue(), drop.getKey(), drop.getKey() == DropReason.UNKNOWN_HOST
                            ? "their property or hostname is not in the config" : "older than the minutes' retention");
        }
    }

    /** The owners of the config this request runs on, built once per config the holder swaps in. */
    private UsageOwners owners(MeridianConfig config) {
        Owners known = owners;
        if (known == null || known.config() != config) {
            known = new Owners(config, UsageOwners.of(config));
            owners = known;
        }
        return known.owners();
    }

    private void refuse(HttpServerExchange ex, int status, String outcome, String reason, String logged) {
        outcome(outcome).increment();
        refusals.warn("usage ingest refused with {} from {}: {} ({})", status, ex.getSourceAddress(), logged, reason);
        if (status == 401) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        }
        send(ex, status, error(reason));
    }

    private String error(String reason) {
        return json.createObjectNode().put("error", reason).toString();
    }

    private static void send(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(body + "\n", StandardCharsets.UTF_8);
    }
}
