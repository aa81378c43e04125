package dev.meridian.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreloadCommandTest {
    private WireMockServer origin;
    private CliEdge pop;

    @BeforeEach
    void start() throws Exception {
        origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        origin.start();
        page("/", "<a href=\"/a.html\">a</a> <img src='/img/1.jpg'> <a href=\"/a.html#top\">again</a>"
                + " <a href=\"http://acme.cdn.test/private/secret.html\">secret</a> <a href=\"http://other.test/x.html\">away</a>");
        page("/a.html", "<a href=\"b.html\">b</a> <img src=\"/img/2.jpg\">");
        page("/b.html", "<a href=\"/c.html\">c</a>");
        page("/c.html", "too deep");
        page("/private/secret.html", "not for crawlers");
        asset("/img/1.jpg");
        asset("/img/2.jpg");
        origin.stubFor(get(urlEqualTo("/robots.txt")).willReturn(aResponse().withHeader("Content-Type", "text/plain")
                .withBody("User-agent: *\nDisallow: /private/\n")));
        pop = new CliEdge("http://127.0.0.1:" + origin.port());
    }

    @AfterEach
    void stop() {
        pop.close();
        origin.stop();
    }

    private void page(String path, String body) {
        origin.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "text/html; charset=utf-8")
                .withHeader("Cache-Control", "max-age=600").withBody("<html><body>" + body + "</body></html>")));
    }

    private void asset(String path) {
        origin.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
                .withHeader("Cache-Control", "max-age=600").withBody(new byte[5000])));
    }

    private int originHits(String path) {
        return origin.findAll(getRequestedFor(urlEqualTo(path))).size();
    }

    @Test
    void crawlsTheSameHostWithinItsDepthHonouringRobotsTxt() {
        CliEdge.Run run = CliEdge.run("preload", "--edge", pop.http(), "--crawl", "http://acme.cdn.test/", "--depth", "2");

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("200   http://acme.cdn.test/a.html", "200   http://acme.cdn.test/img/2.jpg",
                "skip  http://acme.cdn.test/private/secret.html (robots.txt)", "preloaded 5 URL(s)");
        for (String fetched : new String[] {"/", "/a.html", "/b.html", "/img/1.jpg", "/img/2.jpg"}) {
            assertThat(originHits(fetched)).as(fetched).isEqualTo(1);
        }
        assertThat(originHits("/private/secret.html")).isZero();
        assertThat(originHits("/c.html")).isZero();
        assertThat(run.out()).doesNotContain("other.test");

        CliEdge.Run again = CliEdge.run("preload", "--edge", pop.http(), "http://acme.cdn.test/img/1.jpg");
        assertThat(again.out()).contains("http://acme.cdn.test/img/1.jpg 5000 bytes HIT");
    }

    @Test
    void fetchesAListWithinTheCountLimit(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("urls.txt"), """
                # warm these
                http://acme.cdn.test/img/1.jpg
                http://acme.cdn.test/img/2.jpg
                http://acme.cdn.test/a.html
                """);

        CliEdge.Run run = CliEdge.run("preload", "--edge", pop.http(), "--list", list.toString(), "--max", "2");

        assertThat(run.out()).contains("preloaded 2 URL(s), 10000 bytes, 0 failed");
        assertThat(originHits("/a.html")).isZero();
        assertThat(CliEdge.run("preload", "--edge", pop.http(), "http://acme.cdn.test/missing").exitCode()).isEqualTo(1);
    }

    @Test
    void robotsRulesPickTheLongestMatch() {
        RobotsTxt robots = RobotsTxt.parse("""
                User-agent: googlebot
                Disallow: /

                User-agent: *
                Disallow: /private/
                Allow: /private/press/
                Disallow: /*.pdf$
                """);

        assertThat(robots.allows("/index.html")).isTrue();
        assertThat(robots.allows("/private/x")).isFalse();
        assertThat(robots.allows("/private/press/kit.html")).isTrue();
        assertThat(robots.allows("/docs/manual.pdf")).isFalse();
        assertThat(robots.allows("/docs/manual.pdf.html")).isTrue();
        assertThat(RobotsTxt.parse("User-agent: meridian-preload\nDisallow: /\n\nUser-agent: *\nAllow: /\n").allows("/a")).isFalse();
        assertThat(PreloadCommand.links(URI.create("http://h.test/dir/page.html"), "<a href=\"../up.html\"><img src='x.png'>"))
                .containsExactly("http://h.test/up.html", "http://h.test/dir/x.png");
    }
}
