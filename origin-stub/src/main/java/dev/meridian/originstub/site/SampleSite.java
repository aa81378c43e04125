package dev.meridian.originstub.site;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sample site of one customer: pages, photos, assets, JSON, large downloads, and "lab" URLs whose
 * caching headers come from the query string (for tests that need a particular Cache-Control).
 * Every response names the content version in an {@code X-Content-Version} header and in its body.
 *
 * <p>Caching headers vary on purpose: long max-age for images and assets, short for HTML, no-store for
 * the live API, and a {@code Vary: Accept-Language} example.
 */
public final class SampleSite {
    public static final String VERSION_HEADER = "X-Content-Version";
    /** Lab bodies are padded up to at most this, so a query cannot make the origin allocate without bound. */
    public static final int MAX_LAB_SIZE = 64 << 20;
    /** Generated objects stream, so they may be larger than lab bodies; still bounded. */
    public static final long MAX_OBJECT_SIZE = 64L << 20;

    static final Map<String, Long> DOWNLOADS = Map.of(
            "1KB.bin", 1024L, "100KB.bin", 100L * 1024, "1MB.bin", 1024L * 1024,
            "10MB.bin", 10L * 1024 * 1024, "50MB.bin", 50L * 1024 * 1024);

    private static final String ASSET_CACHE = "public, max-age=86400";
    private static final String HTML_CACHE = "public, max-age=60, stale-while-revalidate=30";

    private final Pages pages;
    private final Map<String, Photos.Photo> photos;
    private final Clock clock;

    public SampleSite(String cdnHost, Clock clock) {
        this.pages = new Pages(cdnHost);
        this.photos = Photos.shared();
        this.clock = clock;
    }

    /** Paths a visitor can start from, for the demo's hints and the stub's own listing. */
    public static List<String> samplePaths() {
        return List.of("/", "/gallery.html", "/images/landscape-2mp.jpg", "/assets/site.css", "/api/catalog.json",
                "/api/greeting.json", "/api/time.json", "/downloads/1MB.bin", "/lab/x?cc=max-age%3D5", "/health");
    }

    public Representation respond(SiteRequest request, SiteVersion version) {
        if (!request.isRead()) {
            return accepted(request);
        }
        String path = request.path();
        if (path.equals("/health")) {
            return text(200, "ok", "text/plain", "no-store", version, null);
        }
        if (Pages.PATHS.contains(path)) {
            return resource(path, "text/html; charset=utf-8", HTML_CACHE, version,
                    Body.text(pages.render(path, version.number())), null);
        }
        if (path.startsWith("/images/") && photos.containsKey(path.substring(8))) {
            byte[] jpeg = Photos.withComment(photos.get(path.substring(8)).jpeg(),
                    "meridian-origin-stub " + path + " content-version=" + version.number());
            return resource(path, "image/jpeg", ASSET_CACHE, version, Body.of(jpeg), null);
        }
        if (path.equals("/assets/site.css")) {
            return resource(path, "text/css; charset=utf-8", ASSET_CACHE, version, Body.text(Pages.css(version.number())), null);
        }
        if (path.equals("/assets/site.js")) {
            return resource(path, "text/javascript; charset=utf-8", ASSET_CACHE, version,
                    Body.text(Pages.js(version.number())), null);
        }
        if (path.startsWith("/downloads/") && DOWNLOADS.containsKey(path.substring(11))) {
            String name = path.substring(11);
            return resource(path, "application/octet-stream", "public, max-age=3600", version,
                    new GeneratedBytes(path, DOWNLOADS.get(name), version.number()), null);
        }
        if (path.startsWith("/objects/") && path.length() > "/objects/".length()) {
            return object(request, version);
        }
        if (path.startsWith("/api/")) {
            return api(request, version);
        }
        if (path.startsWith("/lab/")) {
            try {
                return lab(request, version);
            } catch (NumberFormatException e) {
                return text(400, "lab query: expires, lmAgo and size must be whole numbers\n", "text/plain", "no-store",
                        version, null);
            }
        }
        return text(404, "not found: " + path + "\n", "text/plain", "max-age=10", version, null);
    }

    private Representation api(SiteRequest request, SiteVersion version) {
        int v = version.number();
        return switch (request.path()) {
            case "/api/catalog.json" -> resource(request.path(), "application/json", "public, max-age=30", version, Body.text(
                    "{\"contentVersion\":" + v + ",\"items\":[{\"sku\":\"boot-1\",\"name\":\"Trail boot\",\"price\":129},"
                            + "{\"sku\":\"pack-2\",\"name\":\"Day pack\",\"price\":59}]}"), null);
            case "/api/time.json" -> text(200, "{\"contentVersion\":" + v + ",\"now\":\"" + clock.instant() + "\"}",
                    "application/json", "no-store", version, null);
            case "/api/greeting.json" -> {
                String lang = greetingLanguage(request.header("Accept-Language"));
                String hello = switch (lang) {
                    case "de" -> "Hallo";
                    case "fr" -> "Bonjour";
                    default -> "Hello";
                };
                yield resource(request.path() + "#" + lang, "application/json", "public, max-age=300", version,
                        Body.text("{\"contentVersion\":" + v + ",\"lang\":\"" + lang + "\",\"greeting\":\"" + hello + "\"}"),
                        Map.of("Vary", "Accept-Language", "Content-Language", lang));
            }
            default -> text(404, "{\"error\":\"no such API\"}", "application/json", "max-age=10", version, null);
        };
    }

    private static String greetingLanguage(String acceptLanguage) {
        String first = acceptLanguage == null ? "" : acceptLanguage.split(",")[0].trim().toLowerCase(Locale.ROOT);
        return first.startsWith("de") ? "de" : first.startsWith("fr") ? "fr" : "en";
    }

    /**
     * A lab URL answers with the caching headers its query asks for: {@code cc} (Cache-Control),
     * {@code vary} (header names; their request values appear in the body), {@code expires} (seconds
     * from now, may be negative), {@code lmAgo} (Last-Modified this many seconds before the version's),
     * {@code etag=off}, {@code lm=off}, {@code size} (body bytes, padded) and {@code type}.
     */
    private Representation lab(SiteRequest request, SiteVersion version) {
        StringBuilder body = new StringBuilder("lab ").append(request.path())
                .append(" content-version=").append(version.number());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", orDefault(request.query("type"), "text/plain; charset=utf-8"));
        if (request.query("cc") != null) {
            headers.put("Cache-Control", request.query("cc"));
        }
        String vary = request.query("vary");
        if (vary != null) {
            headers.put("Vary", vary);
            for (String name : vary.split(",")) {
                body.append(' ').append(name.trim()).append('=').append(request.header(name.trim()));
            }
        }
        if (request.query("expires") != null) {
            headers.put("Expires", HttpDates.format(clock.instant().plusSeconds(Long.parseLong(request.query("expires")))));
        }
        Instant lastModified = version.lastModified().minusSeconds(Long.parseLong(orDefault(request.query("lmAgo"), "0")));
        if (!"off".equals(request.query("lm"))) {
            headers.put("Last-Modified", HttpDates.format(lastModified));
        }
        if (!"off".equals(request.query("etag"))) {
            headers.put("ETag", etag(request.path() + "?" + new TreeMap<>(request.query()) + body, version));
        }
        headers.put(VERSION_HEADER, Integer.toString(version.number()));
        body.append('\n');
        long size = Math.min(MAX_LAB_SIZE, Long.parseLong(orDefault(request.query("size"), "0")));
        while (body.length() < size) {
            body.append('.');
        }
        return new Representation(200, headers, Body.of(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A generated object for load plans, {@code /objects/NAME?size=BYTES&cc=CACHE-CONTROL}: as many
     * distinct objects of whatever sizes a plan wants. The body streams (a first line naming the path and
     * content version, then seeded noise), so thousands of them cost the origin no memory. Cache-Control
     * defaults to a day; the ETag covers size and Cache-Control, so each URL is its own object.
     */
    private Representation object(SiteRequest request, SiteVersion version) {
        long size;
        try {
            size = Long.parseLong(orDefault(request.query("size"), "1024"));
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 0 || size > MAX_OBJECT_SIZE) {
            return text(400, "size must be 0.." + MAX_OBJECT_SIZE + " bytes\n", "text/plain", "no-store", version, null);
        }
        String cacheControl = orDefault(request.query("cc"), ASSET_CACHE);
        return resource(request.path() + "?" + size + "&" + cacheControl, "application/octet-stream", cacheControl, version,
                new GeneratedBytes(request.path(), size, version.number()), null);
    }

    private Representation accepted(SiteRequest request) {
        return text(200, "{\"accepted\":\"" + request.method() + " " + request.path() + "\"}", "application/json",
                "no-store", null, null);
    }

    private Representation resource(String key, String type, String cacheControl, SiteVersion version, Body body,
                                     Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        headers.put("Cache-Control", cacheControl);
        headers.put("Last-Modified", HttpDates.format(version.lastModified()));
        headers.put("ETag", etag(key, version));
        if (extra != null) {
            headers.putAll(extra);
        }
        headers.put(VERSION_HEADER, Integer.toString(version.number()));
        return new Representation(200, headers, body);
    }

    private static Representation text(int status, String body, String type, String cacheControl, SiteVersion version,
                                       Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        headers.put("Cache-Control", cacheControl);
        if (extra != null) {
            headers.putAll(extra);
        }
        if (version != null) {
            headers.put(VERSION_HEADER, Integer.toString(version.number()));
        }
        return new Representation(status, headers, Body.text(body));
    }

    private static String etag(String key, SiteVersion version) {
        return "\"" + Integer.toHexString(key.hashCode()) + "-v" + version.number() + "\"";
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
