package dev.meridian.edge.accesslog;

import dev.meridian.core.config.AccessLogsConfig;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConsoleConfig;
import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.uplink.logs.HttpLogTransport;
import dev.meridian.uplink.logs.LogShipper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP's per-customer access log files: the writer that rotates and compresses them under
 * {@code <accessLogs.dir>/<pop>/open} and {@code .../outbox}, and the shipper that uploads completed ones
 * to the console. On with a console section whose {@code accessLogs} are enabled and which lists this
 * POP as an edge node (its token signs the uploads).
 */
public final class EdgeAccessLogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeAccessLogs.class);
    static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(60);

    private final AccessLogWriter writer;
    private final LogShipper shipper;
    /** Property host (lower case) → customer id, swapped on reload. */
    private volatile Map<String, String> customers;

    EdgeAccessLogs(AccessLogWriter writer, LogShipper shipper, MeridianConfig config) {
        this.writer = writer;
        this.shipper = shipper;
        this.customers = customersByHost(config);
    }

    /** Starts writing and shipping if the config asks for it. */
    public static Optional<EdgeAccessLogs> start(ConfigHolder config, String pop, MeterRegistry registry) {
        Optional<ConsoleConfig> console = config.get().consoleConfig();
        if (console.isEmpty() || !console.get().accessLogs().enabled()) {
            return Optional.empty();
        }
        Optional<ConsoleNodeConfig> node = console.get().node(pop)
                .filter(n -> n.role() == ConsoleNodeConfig.NodeRole.EDGE);
        if (node.isEmpty()) {
            log.warn("no access log files for POP {}: console.nodes has no edge node {} to upload them as", pop, pop);
            return Optional.empty();
        }
        AccessLogsConfig settings = console.get().accessLogs();
        Path root = Path.of(settings.dir()).resolve(pop);
        LongSupplier clock = System::currentTimeMillis;
        LogShipper shipper = new LogShipper(root.resolve("outbox"), settings.spool().bytes(),
                new HttpLogTransport(console.get().url(), node.get().token(), UPLOAD_TIMEOUT), clock);
        RotatingLogFiles files = new RotatingLogFiles(root.resolve("open"), root.resolve("outbox"), pop,
                settings.rotateSize().bytes(), settings.rotateEvery().toMillis(), clock, shipper::wake);
        try {
            Files.createDirectories(root);
            files.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the access log directory " + root, e);
        }
        AccessLogWriter writer = new AccessLogWriter(settings.queue(), files, clock).start("access-log-writer-" + pop);
        shipper.start("access-log-shipper-" + pop);
        EdgeAccessLogs logs = new EdgeAccessLogs(writer, shipper, config.get());
        config.onChange(c -> logs.customers = customersByHost(c));
        logs.bindMetrics(registry, pop);
        log.info("access log files of POP {} in {}, shipped to {}", pop, root.toAbsolutePath(), console.get().url());
        return Optional.of(logs);
    }

    private static Map<String, String> customersByHost(MeridianConfig config) {
        Map<String, String> byHost = new HashMap<>();
        config.customers().forEach(c -> c.properties().forEach(p -> byHost.put(p.host().toLowerCase(Locale.ROOT), c.id())));
        return Map.copyOf(byHost);
    }

    /** The customer a property (by its configured host) belongs to, or null. */
    String customerOf(String propertyHost) {
        return customers.get(propertyHost.toLowerCase(Locale.ROOT));
    }

    /** Queues a line for the customer's file; never blocks (a full queue drops and counts it). */
    void offer(String customer, String line) {
        writer.offer(customer, line);
    }

    private void bindMetrics(MeterRegistry registry, String pop) {
        FunctionCounter.builder("meridian.edge.accesslog.lines", writer, AccessLogWriter::written)
                .description("Lines written to customers' access log files").tag("pop", pop).register(registry);
        FunctionCounter.builder("meridian.edge.accesslog.lines.dropped", writer, AccessLogWriter::dropped)
                .description("Lines dropped because the writer's queue was full").tag("pop", pop).tag("reason", "queue")
                .register(registry);
        FunctionCounter.builder("meridian.edge.accesslog.lines.dropped", writer, AccessLogWriter::failed)
                .description("Lines lost to a disk error").tag("pop", pop).tag("reason", "disk").register(registry);
        FunctionCounter.builder("meridian.edge.accesslog.files.shipped", shipper, LogShipper::shipped)
                .description("Files the console acknowledged").tag("pop", pop).register(registry);
        FunctionCounter.builder("meridian.edge.accesslog.files.dropped", shipper, LogShipper::dropped)
                .description("Files dropped unshipped: the spool was full").tag("pop", pop).tag("reason", "spool")
                .register(registry);
        FunctionCounter.builder("meridian.edge.accesslog.files.dropped", shipper, LogShipper::refused)
                .description("Files the console refused for good").tag("pop", pop).tag("reason", "refused")
                .register(registry);
        Gauge.builder("meridian.edge.accesslog.spool.files", shipper, LogShipper::backlogFiles)
                .description("Completed files waiting to be shipped").tag("pop", pop).register(registry);
        Gauge.builder("meridian.edge.accesslog.spool.bytes", shipper, LogShipper::backlogBytes)
                .description("Bytes of completed files waiting to be shipped").baseUnit("bytes").tag("pop", pop)
                .register(registry);
    }

    /** Writes what is queued and completes the open files; what has not shipped yet ships after the next start. */
    @Override
    public void close() {
        writer.close();
        shipper.close();
    }
}
