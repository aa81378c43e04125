package dev.meridian.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** The {@code /metrics} and {@code /healthz} endpoints every Meridian admin listener serves. */
public final class AdminEndpoints {
    private AdminEndpoints() {
    }

    /** A Prometheus registry with the JVM and process meters every role reports. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        // Micrometer has no process memory binder: soak runs compare RSS at start and end.
        Gauge.builder("process.resident.memory", AdminEndpoints::residentBytes)
                .description("Resident set size of the process (VmRSS in /proc/self/status; NaN where there is none)")
                .baseUnit("bytes").register(registry);
        return registry;
    }

    /** The process's resident set size from Linux's /proc, or NaN on systems without it. */
    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Double.parseDouble(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Prometheus text exposition; scraping is cheap, so it runs on the I/O thread. */
    public static HttpHandler metrics(PrometheusMeterRegistry registry) {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(registry.scrape());
        };
    }

    public static HttpHandler health(BooleanSupplier healthy) {
        return exchange -> {
            boolean ok = healthy.getAsBoolean();
            exchange.setStatusCode(ok ? 200 : 503);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send(ok ? "ok\n" : "unhealthy\n");
        };
    }
}
