package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerHeaderTest {
    @Test
    void aTokenWrittenInTheConfigIsPrintedSingleQuoted() {
        BearerHeader h = BearerHeader.of(Optional.of("demo-acme-token-00000000"), "ACME_TOKEN", "an adminToken", Map.of());
        assertThat(h.argument()).isEqualTo("'Authorization: Bearer demo-acme-token-00000000'");
        assertThat(h.note()).isEmpty();
    }

    @Test
    void quotesInATokenSurviveTheShell() {
        assertThat(BearerHeader.of(Optional.of("it's-a-token-$HOME-0000"), "X_TOKEN", "a token", Map.of()).argument())
                .isEqualTo("'Authorization: Bearer it'\\''s-a-token-$HOME-0000'");
    }

    @Test
    void aTokenFromTheEnvironmentIsNamedNotEchoed() {
        Map<String, String> env = Map.of("HOME", "/root", "ACME_TOKEN", "secret-from-the-env-0001");
        BearerHeader h = BearerHeader.of(Optional.of("secret-from-the-env-0001"), "ACME_TOKEN", "an adminToken", env);
        assertThat(h.argument()).isEqualTo("\"Authorization: Bearer ${ACME_TOKEN:?export ACME_TOKEN as the demo has it}\"")
                .doesNotContain("secret-from-the-env-0001");
        assertThat(h.note()).hasValueSatisfying(n -> assertThat(n).contains("$ACME_TOKEN"));
    }

    @Test
    void aTokenFromAnotherVariableIsNamedByThatVariable() {
        Map<String, String> env = Map.of("MY_SECRET", "secret-from-the-env-0001");
        assertThat(BearerHeader.of(Optional.of("secret-from-the-env-0001"), "ACME_TOKEN", "an adminToken", env).argument())
                .contains("${MY_SECRET:?");
    }

    @Test
    void noTokenInTheConfigGivesAPlaceholderThatStopsTheShellWithANote() {
        BearerHeader h = BearerHeader.of(Optional.empty(), "ACME_TOKEN", "an adminToken of customer acme", Map.of());
        assertThat(h.argument()).isEqualTo(
                "\"Authorization: Bearer ${ACME_TOKEN:?set ACME_TOKEN to an adminToken of customer acme}\"");
        assertThat(h.note()).hasValueSatisfying(n -> assertThat(n).contains("holds no such token"));
    }

    @Test
    void aCustomersVariableIsNamedAfterIt() {
        assertThat(BearerHeader.customerVariable("acme")).isEqualTo("ACME_TOKEN");
        assertThat(BearerHeader.customerVariable("big-shop2")).isEqualTo("BIG_SHOP2_TOKEN");
    }
}
