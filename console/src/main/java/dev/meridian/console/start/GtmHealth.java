package dev.meridian.console.start;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.core.concurrent.DaemonThreads;
import dev.meridian.core.config.HostPort;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.config.MeridianConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the GTM currently thinks of each address it answers with, as its admin API tells
 * ({@code GET /v1/addresses}: probes, staleness and operator marks all taken into account), with the
 * operator token. Asked at most every {@link #FRESH_FOR} and with a short timeout, on the calling worker
 * thread; a GTM that does not answer makes every address "unknown" for a while, never a failed page.
 */
public final class GtmHealth implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GtmHealth.class);
    static final Duration FRESH_FOR = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final ObjectMapper json = new ObjectMapper();
    private static final int MAX_ADDRESSES = 100_000;

    /**
     * One reading.
     *
     * @param from     the admin URL that answered, or null when none did
     * @param statuses each address (normalized literal) and its status: up, down, stale or unknown
     */
    public record Snapshot(String from, Map<String, String> statuses) {
        static final Snapshot NONE = new Snapshot(null, Map.of());

        /** The status of {@code address}; {@code unknown} when the GTM did not say. */
        public String status(String address) {
            if (!IpAddresses.isLiteral(address)) {
                return "unknown";
            }
            return statuses.getOrDefault(IpAddresses.parse(address).getHostAddress(), "unknown");
        }
    }

    private final Supplier<MeridianConfig> config;
    private final Clock clock;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private Snapshot cached = Snapshot.NONE;
    private Instant fetchedAt = Instant.MIN;

    public GtmHealth(Supplier<MeridianConfig> config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // The client's own small pool, never the common pool (one thread on a two-core machine).
        this.httpThreads = Executors.newFixedThreadPool(1, DaemonThreads.named("gtm-health-http"));
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(httpThreads).build();
    }

    /** The latest reading, asking the GTM again when it is older than {@link #FRESH_FOR}. */
    public synchronized Snapshot current() {
        Instant now = clock.instant();
        if (now.isBefore(fetchedAt.plus(FRESH_FOR))) {
            return cached;
        }
        cached = fetch();
        fetchedAt = clock.instant();
        return cached;
    }

    private Snapshot fetch() {
        MeridianConfig c = config.get();
        if (c.dns() == null || c.operatorTokens().isEmpty()) {
            return Snapshot.NONE;
        }
        for (HostPort admin : c.dns().gtmAdmins()) {
            String base = "http://" + admin;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/addresses")).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + c.operatorTokens().get(0)).GET().build();
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200) {
                    return new Snapshot(base, parse(json.readTree(response.body())));
                }
                log.debug("GTM admin {} answered {} for its addresses", base, response.statusCode());
            } catch (IOException | IllegalArgumentException e) {
                log.debug("GTM admin {} unreachable: {}", base, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Snapshot.NONE;
            }
        }
        return Snapshot.NONE;
    }

    /** {@code {"10.0.0.1": {"status": "up", ...}, ...}} into address → status. */
    static Map<String, String> parse(JsonNode body) {
        Map<String, String> out = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext() && out.size() < MAX_ADDRESSES) {
            Map.Entry<String, JsonNode> f = fields.next();
            String status = f.getValue().path("status").asText("unknown").toLowerCase(Locale.ROOT);
            if (IpAddresses.isLiteral(f.getKey())) {
                out.put(IpAddresses.parse(f.getKey()).getHostAddress(), status);
            }
        }
        return Map.copyOf(out);
    }

    @Override
    public void close() {
        httpThreads.shutdownNow();
    }
}
