package dev.meridian.edge.pagecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HtmlReferencesTest {
    private static final URI PAGE = URI.create("http://acme.cdn.test/shop/index.html");

    @Test
    void findsWhatABrowserLoadsInDocumentOrderOnce() {
        String html = """
                <html><head>
                <link rel="stylesheet" href="/css/site.css">
                <link rel=icon href=favicon.ico>
                <link rel="canonical" href="http://acme.cdn.test/shop/">
                <script src='app.js?v=1&amp;x=2'></script>
                </head><body>
                <img src="/img/a.jpg" alt="a"><IMG SRC="/img/a.jpg">
                <img srcset="b-1x.jpg 1x, b-2x.jpg 2x">
                <video poster="/v/poster.jpg"><source src="/v/movie.mp4"></video>
                <input type="image" src="/btn.png"><input type="text" src="/not-loaded.png">
                <a href="/page2.html">next</a>
                </body></html>
                """;
        assertThat(HtmlReferences.in(html, PAGE)).extracting(URI::toString).containsExactly(
                "http://acme.cdn.test/css/site.css",
                "http://acme.cdn.test/shop/favicon.ico",
                "http://acme.cdn.test/shop/app.js?v=1&x=2",
                "http://acme.cdn.test/img/a.jpg",
                "http://acme.cdn.test/shop/b-1x.jpg",
                "http://acme.cdn.test/v/poster.jpg",
                "http://acme.cdn.test/v/movie.mp4",
                "http://acme.cdn.test/btn.png");
    }

    @Test
    void ignoresCommentsFragmentsAndSchemesABrowserWouldNotFetchOverHttp() {
        String html = """
                <!-- <img src="/commented.png"> -->
                <img src="#top"><img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)">
                <script src="mailto:x@y"></script><img src="">
                <img src="//cdn.example/x.png#frag">
                """;
        assertThat(HtmlReferences.in(html, PAGE)).extracting(URI::toString).containsExactly("http://cdn.example/x.png");
    }

    @Test
    void resolvesAgainstTheBaseElement() {
        String html = "<base href=\"https://acme.cdn.test/assets/\"><img src=\"a.png\">";
        assertThat(HtmlReferences.in(html, PAGE)).extracting(URI::toString)
                .containsExactly("https://acme.cdn.test/assets/a.png");
    }

    @Test
    void malformedReferencesAreSkippedNotFatal() {
        String html = "<img src=\"http://[bad\"><img src=\"/fine.png\"><img src=\"http://a b/c\">";
        assertThat(HtmlReferences.in(html, PAGE)).extracting(URI::toString).contains("http://acme.cdn.test/fine.png");
    }
}
