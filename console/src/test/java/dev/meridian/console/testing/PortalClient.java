package dev.meridian.console.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser stand-in for portal tests: keeps cookies, follows no redirects (tests look at them), and
 * reads the CSRF token of the last page so a form can be posted the way a page would.
 */
public final class PortalClient implements AutoCloseable {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** A response, its body read as text. */
    public record Response(int status, HttpHeaders headers, String body) {
        public String location() {
            return headers.firstValue("Location").orElse(null);
        }

        public List<String> setCookies() {
            return headers.allValues("Set-Cookie");
        }
    }

    private final String base;
    private final ExecutorService threads = Executors.newFixedThreadPool(1);
    private final HttpClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private String lastCsrf;

    public PortalClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().executor(threads).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sent with every request from now on (e.g. {@code X-Forwarded-Proto}). */
    public PortalClient header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    /** The CSRF token of the last page fetched that had a form. */
    public String csrf() {
        return lastCsrf;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response post(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form post with the page's CSRF token added. */
    public Response submit(String path, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("csrf", lastCsrf);
        return post(path, form);
    }

    /** Opens the login page and logs in; returns the answer to the form. */
    public Response login(String login, String password) {
        return login(login, password, "");
    }

    public Response login(String login, String password, String next) {
        get("/login" + (next.isEmpty() ? "" : "?next=" + encode(next)));
        return submit("/login", Map.of("login", login, "password", password, "next", next));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        extraHeaders.forEach(b::header);
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return b;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || set.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                lastCsrf = m.group(1);
            }
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
