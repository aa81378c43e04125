package dev.meridian.edge.pagecheck;

import dev.meridian.core.config.CustomerConfig;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PropertyConfig;
import dev.meridian.uplink.wire.PageCheckOrder;
import dev.meridian.uplink.wire.PageCheckReport;
import dev.meridian.uplink.wire.PageComponent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The page check, run on one POP: load a page through this POP, then every component its HTML
 * references, and report each with its timings. Bounded in every direction: the page's HTML read for
 * references ({@link #MAX_HTML}), components loaded ({@link #MAX_COMPONENTS}), bytes read of each
 * ({@link #MAX_BODY}), time per fetch and for the whole check. Only the customer's own CDN hostnames
 * are loaded, and only through this POP: a component elsewhere is listed, not fetched.
 */
public final class PageCheck {
    static final int MAX_HTML = 2 << 20;
    static final int MAX_COMPONENTS = 100;
    static final long MAX_BODY = 32L << 20;
    static final Duration PER_FETCH = Duration.ofSeconds(10);
    static final Duration WHOLE_CHECK = Duration.ofSeconds(30);

    private final String pop;
    private final Supplier<MeridianConfig> config;
    private final Supplier<InetSocketAddress> http;
    private final Supplier<InetSocketAddress> https;

    public PageCheck(String pop, Supplier<MeridianConfig> config, Supplier<InetSocketAddress> http,
                     Supplier<InetSocketAddress> https) {
        this.pop = pop;
        this.config = config;
        this.http = http;
        this.https = https;
    }

    public PageCheckReport run(PageCheckOrder order) {
        Optional<CustomerConfig> customer = config.get().customers().stream()
                .filter(c -> c.id().equals(order.customer())).findFirst();
        if (customer.isEmpty()) {
            return refused(order, "no customer " + order.customer());
        }
        Set<String> hosts = customer.get().properties().stream().map(PropertyConfig::host)
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        URI page;
        try {
            page = URI.create(order.url());
        } catch (IllegalArgumentException e) {
            return refused(order, "not a URL: " + e.getMessage());
        }
        if (!List.of("http", "https").contains(String.valueOf(page.getScheme()).toLowerCase(Locale.ROOT))
                || page.getHost() == null || !hosts.contains(page.getHost().toLowerCase(Locale.ROOT))) {
            return refused(order, "only http(s) URLs on " + customer.get().id() + "'s CDN hostnames can be checked");
        }
        long start = System.nanoTime();
        try (PageLoader loader = new PageLoader(http.get(), https.get(), PER_FETCH)) {
            Load load = load(loader, page, hosts, start);
            if (order.twice()) {
                start = System.nanoTime();
                load = load(loader, page, hosts, start);
            }
            return new PageCheckReport(pop, order.url(), order.twice(), millisSince(start), load.components(),
                    load.skipped(), null);
        }
    }

    private record Load(List<PageComponent> components, int skipped) {
    }

    private static Load load(PageLoader loader, URI page, Set<String> hosts, long start) {
        long deadline = start + WHOLE_CHECK.toNanos();
        PageLoader.Fetched html = loader.fetch(page, MAX_HTML, MAX_BODY);
        List<PageComponent> components = new ArrayList<>();
        components.add(html.component());
        if (html.component().status() != 200 || html.contentType() == null
                || !html.contentType().toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return new Load(components, 0);
        }
        List<URI> references = HtmlReferences.in(new String(html.kept(), StandardCharsets.UTF_8), page);
        int skipped = Math.max(0, references.size() - MAX_COMPONENTS);
        for (URI component : references.subList(0, Math.min(MAX_COMPONENTS, references.size()))) {
            if (!hosts.contains(component.getHost().toLowerCase(Locale.ROOT))) {
                components.add(PageLoader.failed(component, null, "not loaded: " + component.getHost()
                        + " is not one of this customer's CDN hostnames", 0, 0));
            } else if (System.nanoTime() > deadline) {
                components.add(PageLoader.failed(component, null, "not loaded: the check's "
                        + WHOLE_CHECK.toSeconds() + " s limit passed", 0, 0));
            } else {
                components.add(loader.fetch(component, 0, MAX_BODY).component());
            }
        }
        return new Load(components, skipped);
    }

    private PageCheckReport refused(PageCheckOrder order, String why) {
        return new PageCheckReport(pop, order.url(), order.twice(), 0, List.of(), 0, why);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
