package dev.meridian.cli;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Fills a POP's caches ahead of demand: requests each URL through the POP's HTTP listener (with the
 * URL's host as Host, exactly as a client would), from a list or by crawling a start page: same
 * host only, breadth first, within a depth and a count, skipping what robots.txt disallows. Prints
 * one line per URL (status, bytes, X-Cache) and a summary.
 */
@Command(name = "preload", description = "Warm a POP's caches from a list of URLs or by crawling a start page.")
final class PreloadCommand implements Callable<Integer> {
    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:href|src)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    /** Link extraction reads at most this much of a page. */
    private static final int MAX_PAGE = 2 * 1024 * 1024;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch (http://acme.cdn.test/...).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE", description = "A file of URLs, one per line ('#' starts a comment).")
    Path list;

    @Option(names = "--crawl", paramLabel = "URL", description = "A start page to crawl (same host only, robots.txt honoured).")
    String crawl;

    @Option(names = "--depth", defaultValue = "2", description = "Link depth from the start page (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--max", defaultValue = "200", description = "At most this many fetches (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--pop", paramLabel = "ID", description = "The POP to warm (default: the first in the config).")
    String pop;

    @Option(names = "--edge", paramLabel = "HOST:PORT", description = "An edge HTTP listener to warm directly, instead of a POP from the config.")
    String edge;

    private OkHttpClient http;
    private String edgeAddress;
    private int fetched;
    private long bytes;
    private int failed;

    @Override
    public Integer call() throws IOException {
        try {
            edgeAddress = edge != null ? edge : popAddress();
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        List<String> wanted = new ArrayList<>(urls);
        if (list != null) {
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String u = line.replaceFirst("#.*", "").trim();
                if (!u.isEmpty()) {
                    wanted.add(u);
                }
            }
        }
        if (wanted.isEmpty() && crawl == null) {
            System.err.println("nothing to preload: give URLs, --list FILE or --crawl URL");
            return 2;
        }
        http = new OkHttpClient.Builder().followRedirects(false).callTimeout(60, TimeUnit.SECONDS).build();
        try {
            for (String u : wanted) {
                if (fetched >= max) {
                    break;
                }
                fetch(u, false);
            }
            if (crawl != null) {
                crawl(URI.create(crawl));
            }
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        System.out.printf("preloaded %d URL(s), %d bytes, %d failed, via %s%n", fetched, bytes, failed, edgeAddress);
        return failed == 0 ? 0 : 1;
    }

    private String popAddress() throws ConfigException {
        MeridianConfig c = config.load();
        PopConfig p = pop == null ? c.pops().get(0)
                : c.pop(pop).orElseThrow(() -> new IllegalArgumentException("--pop " + pop + ": no such POP in the config"));
        return p.edge().http().host() + ":" + p.edge().http().port();
    }

    private void crawl(URI start) {
        String host = start.getHost().toLowerCase(Locale.ROOT);
        RobotsTxt robots = robots(start);
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<Map.Entry<String, Integer>> frontier = new ArrayDeque<>();
        frontier.add(Map.entry(withoutFragment(start), 0));
        seen.add(withoutFragment(start));
        while (!frontier.isEmpty() && fetched < max) {
            Map.Entry<String, Integer> next = frontier.poll();
            URI uri = URI.create(next.getKey());
            if (!robots.allows(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())) {
                System.out.printf("skip  %s (robots.txt)%n", next.getKey());
                continue;
            }
            String page = fetch(next.getKey(), next.getValue() < depth);
            if (page == null) {
                continue;
            }
            for (String link : links(uri, page)) {
                URI l = URI.create(link);
                if (host.equalsIgnoreCase(l.getHost()) && seen.add(link)) {
                    frontier.add(Map.entry(link, next.getValue() + 1));
                }
            }
        }
    }

    private RobotsTxt robots(URI start) {
        String url = start.getScheme() + "://" + start.getRawAuthority() + "/robots.txt";
        try (Response r = http.newCall(request(URI.create(url))).execute()) {
            return r.code() == 200 && r.body() != null ? RobotsTxt.parse(r.body().string()) : RobotsTxt.allowAll();
        } catch (IOException e) {
            return RobotsTxt.allowAll();
        }
    }

    /** Absolute http(s) links of a page, fragments dropped. */
    static List<String> links(URI page, String html) {
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            String raw = (m.group(1) != null ? m.group(1) : m.group(2)).trim();
            try {
                URI resolved = page.resolve(raw.replace(" ", "%20"));
                String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && resolved.getHost() != null) {
                    out.add(withoutFragment(resolved));
                }
            } catch (IllegalArgumentException e) {
                // not a URL (javascript:, a template placeholder...): nothing to preload
            }
        }
        return out;
    }

    private static String withoutFragment(URI u) {
        String s = u.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
    }

    /**
     * Fetches one URL through the edge, reading the body to the end so the edge fills its cache.
     * Returns the body when it is HTML and {@code wantLinks}, else null.
     */
    private String fetch(String url, boolean wantLinks) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            failed++;
            System.out.printf("error %s (not a URL)%n", url);
            return null;
        }
        fetched++;
        long t0 = System.nanoTime();
        try (Response r = http.newCall(request(uri)).execute()) {
            ResponseBody body = r.body();
            String contentType = r.header("Content-Type", "");
            boolean html = wantLinks && contentType.toLowerCase(Locale.ROOT).startsWith("text/html");
            String page = null;
            long n = 0;
            if (body != null) {
                BufferedSource source = body.source();
                if (html) {
                    source.request(MAX_PAGE);
                    page = source.getBuffer().clone().readString(Math.min(source.getBuffer().size(), MAX_PAGE), StandardCharsets.UTF_8);
                }
                n = drain(source);
            }
            bytes += n;
            if (r.code() >= 400) {
                failed++;
            }
            System.out.printf("%d   %s %d bytes %s %d ms%n", r.code(), url, n, r.header("X-Cache", "-"),
                    (System.nanoTime() - t0) / 1_000_000);
            return r.isSuccessful() ? page : null;
        } catch (IOException e) {
            failed++;
            System.out.printf("error %s (%s)%n", url, Failures.rootMessage(e));
            return null;
        }
    }

    private static long drain(BufferedSource source) throws IOException {
        long n = 0;
        Buffer sink = new Buffer();
        long read;
        while ((read = source.read(sink, 64 * 1024)) != -1) {
            n += read;
            sink.clear();
        }
        return n;
    }

    private Request request(URI uri) {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Request.Builder().url("http://" + edgeAddress + target)
                .header("Host", uri.getRawAuthority())
                .header("User-Agent", RobotsTxt.AGENT)
                .build();
    }
}
