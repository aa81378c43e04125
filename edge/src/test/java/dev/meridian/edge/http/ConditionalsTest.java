package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionalsTest {
    private static final long LM = HttpDates.parse("Tue, 01 Sep 2026 10:00:00 GMT");

    @Test
    void ifNoneMatchUsesWeakComparisonAndWildcard() {
        assertThat(Conditionals.notModified(List.of("\"a\", W/\"b\""), null, "\"b\"", LM)).isTrue();
        assertThat(Conditionals.notModified(List.of("\"x\""), null, "W/\"x\"", LM)).isTrue();
        assertThat(Conditionals.notModified(List.of("*"), null, "\"x\"", LM)).isTrue();
        assertThat(Conditionals.notModified(List.of("\"y\""), null, "\"x\"", LM)).isFalse();
    }

    @Test
    void anEntityTagMayHoldACommaSoTheListIsReadTagByTag() {
        assertThat(Conditionals.notModified(List.of("\"a,b\""), null, "\"a,b\"", LM)).isTrue();
        assertThat(Conditionals.notModified(List.of("\"x\", W/\"a,b\""), null, "\"a,b\"", LM)).isTrue();
        assertThat(Conditionals.notModified(List.of("\"a,b\""), null, "\"a\"", LM)).as("not a list of a and b").isFalse();
        assertThat(Conditionals.notModified(List.of("\"a"), null, "\"a\"", LM)).as("unterminated").isFalse();
    }

    @Test
    void ifNoneMatchOverridesIfModifiedSince() {
        assertThat(Conditionals.notModified(List.of("\"other\""), "Wed, 02 Sep 2026 10:00:00 GMT", "\"x\"", LM)).isFalse();
    }

    @Test
    void ifModifiedSinceComparesWithLastModified() {
        assertThat(Conditionals.notModified(null, "Tue, 01 Sep 2026 10:00:00 GMT", null, LM)).isTrue();
        assertThat(Conditionals.notModified(null, "Mon, 31 Aug 2026 10:00:00 GMT", null, LM)).isFalse();
        assertThat(Conditionals.notModified(null, "garbage", null, LM)).isFalse();
        assertThat(Conditionals.notModified(null, "Tue, 01 Sep 2026 10:00:00 GMT", null, HttpDates.INVALID)).isFalse();
    }
}
