package dev.meridian.edge.pagecheck;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The components a page's HTML makes a browser load: images (and the first candidate of a srcset),
 * scripts, stylesheets and icons, media sources, frames. A scan of start tags, not a full HTML parser:
 * it reads attributes the way browsers tokenize them (quoted or not, entities in URLs decoded) and
 * ignores what is inside comments. Each URL once, in document order, resolved against the page (or its
 * {@code <base href>}); only http(s) URLs.
 */
final class HtmlReferences {
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile(
            "<(img|script|link|source|iframe|embed|video|audio|input|base)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([a-zA-Z-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
    private static final Set<String> LINK_RELS = Set.of("stylesheet", "icon", "shortcut", "preload", "modulepreload",
            "apple-touch-icon", "manifest");

    private HtmlReferences() {
    }

    static List<URI> in(String html, URI page) {
        String text = COMMENT.matcher(html).replaceAll("");
        URI base = page;
        Set<URI> found = new LinkedHashSet<>();
        Matcher tag = TAG.matcher(text);
        while (tag.find()) {
            String name = tag.group(1).toLowerCase(Locale.ROOT);
            Attributes attributes = Attributes.of(tag.group(2));
            switch (name) {
                case "base" -> {
                    URI href = resolve(base, attributes.get("href"));
                    if (href != null && found.isEmpty()) {
                        base = href;
                    }
                }
                case "link" -> {
                    String rel = attributes.get("rel");
                    if (rel != null && List.of(rel.toLowerCase(Locale.ROOT).split("\\s+")).stream().anyMatch(LINK_RELS::contains)) {
                        add(found, resolve(base, attributes.get("href")));
                    }
                }
                case "video" -> add(found, resolve(base, attributes.get("poster")));
                case "input" -> {
                    if ("image".equalsIgnoreCase(attributes.get("type"))) {
                        add(found, resolve(base, attributes.get("src")));
                    }
                }
                default -> {
                    add(found, resolve(base, attributes.get("src")));
                    add(found, resolve(base, firstCandidate(attributes.get("srcset"))));
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static void add(Set<URI> found, URI uri) {
        if (uri != null) {
            found.add(uri);
        }
    }

    /** {@code "a.jpg 1x, b.jpg 2x"} → {@code a.jpg}: a browser loads one candidate, and the first is always valid. */
    private static String firstCandidate(String srcset) {
        if (srcset == null || srcset.isBlank()) {
            return null;
        }
        String first = srcset.trim().split(",")[0].trim();
        return first.split("\\s+")[0];
    }

    private static URI resolve(URI base, String reference) {
        if (reference == null) {
            return null;
        }
        String decoded = decodeEntities(reference.strip());
        if (decoded.isEmpty() || decoded.startsWith("#")) {
            return null;
        }
        try {
            URI resolved = base.resolve(decoded.replace(" ", "%20"));
            String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || resolved.getHost() == null) {
                return null;
            }
            String text = resolved.normalize().toString();
            int fragment = text.indexOf('#');
            return URI.create(fragment < 0 ? text : text.substring(0, fragment));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodeEntities(String text) {
        return text.replace("&amp;", "&").replace("&#38;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">");
    }

    /** A start tag's attributes, the first of each name winning as in browsers. */
    private record Attributes(List<String[]> pairs) {
        static Attributes of(String text) {
            List<String[]> pairs = new ArrayList<>();
            Matcher m = ATTRIBUTE.matcher(text);
            while (m.find()) {
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                pairs.add(new String[] {m.group(1).toLowerCase(Locale.ROOT), value});
            }
            return new Attributes(pairs);
        }

        String get(String name) {
            return pairs.stream().filter(p -> p[0].equals(name)).map(p -> p[1]).findFirst().orElse(null);
        }
    }
}
