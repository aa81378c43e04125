package dev.meridian.originstub.site;

import java.util.List;

/**
 * The sample site's HTML. Image and asset URLs point at the CDN hostname, as a site owner's pages
 * would once they use the CDN; the page links stay on the origin.
 */
final class Pages {
    static final List<String> PATHS = List.of("/", "/index.html", "/gallery.html", "/about.html");

    private final String cdnBase;

    Pages(String cdnHost) {
        this.cdnBase = "http://" + cdnHost;
    }

    String render(String path, int version) {
        return switch (path) {
            case "/", "/index.html" -> page("Acme Outdoor", version, """
                    <p>Acme makes gear for long walks. This page is served by the Meridian origin stub; its images and
                    assets come through the CDN hostname so every edge in the demo can cache them.</p>
                    <figure><img src="%1$s/images/landscape-2mp.jpg" width="960" height="540" alt="Hills at dusk">
                      <figcaption>Hills at dusk (1920x1080)</figcaption></figure>
                    <p>Downloads: <a href="%1$s/downloads/1MB.bin">1 MB</a>, <a href="%1$s/downloads/10MB.bin">10 MB</a>.
                    Data: <a href="%1$s/api/catalog.json">catalog</a>.</p>
                    <p><a href="/gallery.html">Gallery</a> | <a href="/about.html">About</a></p>
                    """.formatted(cdnBase));
            case "/gallery.html" -> page("Gallery", version, """
                    <p>Four photographs, each painted by the origin stub when it starts.</p>
                    <img src="%1$s/images/landscape-2mp.jpg" width="480" height="270" alt="Landscape">
                    <img src="%1$s/images/portrait-1mp.jpg" width="240" height="400" alt="Portrait">
                    <img src="%1$s/images/harbour-800.jpg" width="400" height="267" alt="Harbour">
                    <img src="%1$s/images/thumb-320.jpg" width="320" height="240" alt="Thumbnail">
                    <p><a href="/">Home</a></p>
                    """.formatted(cdnBase));
            case "/about.html" -> page("About", version, """
                    <p>Acme Outdoor has sold walking gear since 1998. We ship everywhere the post goes and answer
                    every letter. This page changes rarely; its images change never; its prices change daily.</p>
                    <img src="%1$s/images/harbour-800.jpg" width="400" height="267" alt="Our harbour office">
                    <p><a href="/">Home</a></p>
                    """.formatted(cdnBase));
            default -> throw new IllegalArgumentException("no page " + path);
        };
    }

    private String page(String title, int version, String main) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%2$s</title>
                <link rel="stylesheet" href="%1$s/assets/site.css">
                </head>
                <body>
                <header><h1>%2$s</h1></header>
                <main>
                %3$s</main>
                <footer>content version %4$d</footer>
                <script src="%1$s/assets/site.js"></script>
                </body>
                </html>
                """.formatted(cdnBase, title, main, version);
    }

    static String css(int version) {
        return """
                /* Acme Outdoor styles, content version %d */
                body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #223; }
                header h1 { font-weight: 600; letter-spacing: .02em; }
                figure { margin: 1rem 0; }
                img { max-width: 100%%; height: auto; border-radius: 4px; }
                footer { margin-top: 2rem; color: #667; font-size: .85rem; }
                """.formatted(version);
    }

    static String js(int version) {
        return """
                // Acme Outdoor script, content version %d
                document.addEventListener('DOMContentLoaded', function () {
                  var footer = document.querySelector('footer');
                  if (footer) { footer.title = 'rendered ' + new Date().toISOString(); }
                });
                """.formatted(version);
    }
}
