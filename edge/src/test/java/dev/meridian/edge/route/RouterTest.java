package dev.meridian.edge.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.edge.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
    private final Router router = new Router(TestConfigs.onePop("http://127.0.0.1:9",
            "          - { host: static.acme.test, url: \"http://127.0.0.1:10\" }", "{ memory: 1MB, maxObjectSize: 1KB }", "0s"));

    @Test
    void hostHeaderSelectsPropertyAndFirstOrigin() throws Rejection {
        Route r = router.route("ACME.cdn.test:8080", "/images/a.jpg", "w=100");
        assertThat(r.property().host()).isEqualTo("acme.cdn.test");
        assertThat(r.origin().host()).isEqualTo("www.acme.test");
        assertThat(r.originTarget()).isEqualTo("/images/a.jpg?w=100");
        assertThat(r.url()).isEqualTo("http://www.acme.test/images/a.jpg?w=100");
    }

    @Test
    void originInPathSharesTheCacheKeyWithTheHostForm() throws Rejection {
        Route inPath = router.route("acme.cdn.test", "/www.acme.test/images/a.jpg", "");
        Route plain = router.route("acme.cdn.test", "/images/a.jpg", "");
        assertThat(inPath.url()).isEqualTo(plain.url()).isEqualTo("http://www.acme.test/images/a.jpg");
        assertThat(inPath.originPath()).isEqualTo("/images/a.jpg");
        Route second = router.route("acme.cdn.test", "/static.acme.test/app.js", "");
        assertThat(second.origin().host()).isEqualTo("static.acme.test");
        assertThat(second.url()).isEqualTo("http://static.acme.test/app.js");
        assertThat(router.route("acme.cdn.test", "/www.acme.test", "").originPath()).isEqualTo("/");
    }

    @Test
    void unlistedHostInPathIsJustAPathOnTheConfiguredOrigin() throws Rejection {
        Route r = router.route("acme.cdn.test", "/evil.example/steal", "");
        assertThat(r.origin().host()).isEqualTo("www.acme.test");
        assertThat(r.url()).isEqualTo("http://www.acme.test/evil.example/steal");
    }

    @Test
    void unknownHostIsRefusedWith404NeverProxied() {
        assertThatThrownBy(() -> router.route("evil.example", "/", ""))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(404))
                .hasMessageContaining("evil.example").hasMessageContaining("not an open proxy");
        assertThatThrownBy(() -> router.route("www.acme.test", "/x", ""))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(404));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "acme.cdn.test:abc", "acme.cdn.test:1:2", "bad host", "a..b", "acme.cdn.test/x", "-x.test"})
    void malformedHostIs400(String host) {
        assertThatThrownBy(() -> router.route(host, "/", ""))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../etc/passwd", "/a/%2e%2E/b", "/a/./b", "/a/%00", "/a%0d%0aSet-Cookie:x", "/a/%2f..",
            "/a\\b", "/a b", "/%zz", "/%4", "http://evil.example/", "*", "/a%5c..", "/é"})
    void hostileTargetsAre400(String path) {
        assertThatThrownBy(() -> router.route("acme.cdn.test", path, ""))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void hostileQueryIs400AndOverlongIs414() {
        assertThatThrownBy(() -> router.route("acme.cdn.test", "/a", "x=%0a"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThatThrownBy(() -> router.route("acme.cdn.test", "/" + "a".repeat(Router.MAX_TARGET_LENGTH), ""))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(414));
    }

    @Test
    void ordinaryEncodedCharactersAndQueriesPass() throws Rejection {
        Route r = router.route("acme.cdn.test", "/images/caf%C3%A9%20photo.jpg", "a=1&b=%2F&c=?");
        assertThat(r.url()).isEqualTo("http://www.acme.test/images/caf%C3%A9%20photo.jpg?a=1&b=%2F&c=?");
    }
}
