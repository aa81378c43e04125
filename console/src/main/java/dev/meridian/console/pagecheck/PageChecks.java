package dev.meridian.console.pagecheck;

import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.uplink.wire.PageCheckOrder;
import dev.meridian.uplink.wire.PageCheckReport;
import dev.meridian.uplink.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a page check on the chosen POPs at once and gathers their reports. The URL must be on the
 * customer's own CDN hostnames (checked here, and again by each POP); each POP loads it through itself
 * only, so a check can reach nothing but the customer's own content on Meridian's POPs.
 */
public final class PageChecks {
    /** A POP's check is bounded at 30 s; this leaves it time to answer. */
    static final Duration WAIT = Duration.ofSeconds(45);

    private final HttpClient http;
    /** Customers with a check running: one at a time each, whether asked through the API or the portal. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public PageChecks(HttpClient http) {
        this.http = http;
    }

    /**
     * Runs a request {@link #refusal} accepted, unless one of the customer's is already running (then
     * empty: the caller answers 429).
     */
    public Optional<List<PageCheckReport>> runIfIdle(MeridianConfig config, String customer, PageCheckRequest request)
            throws InterruptedException {
        if (!running.add(customer)) {
            return Optional.empty();
        }
        try {
            return Optional.of(run(config, customer, request));
        } finally {
            running.remove(customer);
        }
    }

    /** Why the request cannot run, or empty when it can. */
    public static Optional<String> refusal(MeridianConfig config, String customer, PageCheckRequest request) {
        Optional<CustomerConfig> owner = config.customers().stream().filter(c -> c.id().equals(customer)).findFirst();
        if (owner.isEmpty()) {
            return Optional.of("no customer " + customer);
        }
        URI url;
        try {
            url = URI.create(request.url() == null ? "" : request.url().strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL: " + request.url());
        }
        String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            return Optional.of("give an http:// or https:// URL");
        }
        boolean own = owner.get().properties().stream().map(PropertyConfig::host)
                .anyMatch(h -> h.equalsIgnoreCase(url.getHost()));
        if (!own) {
            return Optional.of(url.getHost() + " is not one of " + customer + "'s CDN hostnames");
        }
        for (String pop : request.pops()) {
            if (config.pop(pop).isEmpty()) {
                return Optional.of("no POP " + pop);
            }
        }
        return Optional.empty();
    }

    /** Runs a request {@link #refusal} accepted; one report per POP, in config order. */
    List<PageCheckReport> run(MeridianConfig config, String customer, PageCheckRequest request)
            throws InterruptedException {
        List<PopConfig> pops = config.pops().stream()
                .filter(p -> request.pops().isEmpty() || request.pops().contains(p.id())).toList();
        byte[] order;
        try {
            order = WireJson.mapper().writeValueAsBytes(new PageCheckOrder(request.url().strip(), customer, request.twice()));
        } catch (IOException e) {
            throw new IllegalStateException("a page check order is three plain fields", e);
        }
        Map<String, CompletableFuture<PageCheckReport>> running = new LinkedHashMap<>();
        for (PopConfig pop : pops) {
            Optional<String> token = config.consoleConfig().flatMap(c -> c.node(pop.id())).map(ConsoleNodeConfig::token);
            if (token.isEmpty()) {
                running.put(pop.id(), CompletableFuture.completedFuture(failed(pop.id(), request,
                        "POP " + pop.id() + " is not among console.nodes")));
                continue;
            }
            HttpRequest call = HttpRequest.newBuilder(URI.create("http://" + pop.edge().admin() + "/v1/pagecheck"))
                    .timeout(WAIT)
                    .header("Authorization", "Bearer " + token.get())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(order))
                    .build();
            running.put(pop.id(), http.sendAsync(call, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> report(pop.id(), request, response))
                    .exceptionally(e -> failed(pop.id(), request, "POP " + pop.id() + " did not answer: " + e.getMessage())));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<PageCheckReport> reports = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<PageCheckReport>> each : running.entrySet()) {
            try {
                reports.add(each.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException e) {
                each.getValue().cancel(true);
                reports.add(failed(each.getKey(), request, "POP " + each.getKey() + " did not answer in time"));
            }
        }
        return reports;
    }

    private static PageCheckReport report(String pop, PageCheckRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return failed(pop, request, "POP " + pop + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return WireJson.mapper().readValue(response.body(), PageCheckReport.class);
        } catch (IOException e) {
            return failed(pop, request, "POP " + pop + " sent a report that cannot be read");
        }
    }

    private static PageCheckReport failed(String pop, PageCheckRequest request, String why) {
        return new PageCheckReport(pop, request.url(), request.twice(), 0, List.of(), 0, why);
    }
}
