package dev.meridian.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"/", "/usage", "/usage?property=www.acme.test&period=day", "/logs/2026/01/acme.log.gz"})
    void localPathsAreKept(String next) {
        assertThat(LocalPaths.safeNext(next)).isEqualTo(next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "evil.example",
        "javascript:alert(1)", "/ok\r\nLocation: https://evil.example", "/a b", " /usage", ""})
    void anythingElseGoesHome(String next) {
        assertThat(LocalPaths.safeNext(next)).isEqualTo("/");
    }
}
