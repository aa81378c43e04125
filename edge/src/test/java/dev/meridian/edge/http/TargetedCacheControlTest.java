package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetedCacheControlTest {
    private static TargetedCacheControl.Policy select(Map<String, List<String>> fields) {
        return TargetedCacheControl.select(name -> fields.getOrDefault(name, List.of()));
    }

    @Test
    void theMostSpecificTargetedFieldWinsAndReplacesCacheControlAndExpires() {
        TargetedCacheControl.Policy p = select(Map.of(
                "Cache-Control", List.of("no-store"),
                "Expires", List.of("Thu, 01 Jan 1970 00:00:00 GMT"),
                "CDN-Cache-Control", List.of("max-age=60"),
                "Meridian-CDN-Cache-Control", List.of("max-age=600, stale-while-revalidate=30")));
        assertThat(p.targeted()).isTrue();
        assertThat(p.cacheControl().maxAge()).isEqualTo(600);
        assertThat(p.cacheControl().staleWhileRevalidate()).isEqualTo(30);
        assertThat(p.cacheControl().noStore()).isFalse();
        assertThat(p.expires()).as("Expires is ignored with a targeted field (RFC 9213 2.1)").isNull();

        TargetedCacheControl.Policy cdn = select(Map.of("Cache-Control", List.of("private"),
                "CDN-Cache-Control", List.of("s-maxage=5", "public")));
        assertThat(cdn.cacheControl().sMaxAge()).isEqualTo(5);
        assertThat(cdn.cacheControl().isPublic()).isTrue();
        assertThat(cdn.cacheControl().isPrivate()).isFalse();
    }

    @Test
    void anInvalidTargetedFieldIsIgnoredAsAWholeFallingToTheNext() {
        TargetedCacheControl.Policy p = select(Map.of(
                "Cache-Control", List.of("max-age=1"),
                "CDN-Cache-Control", List.of("max-age=60"),
                "Meridian-CDN-Cache-Control", List.of("max-age=600, Max-Age=7")));
        assertThat(p.cacheControl().maxAge()).isEqualTo(60);

        TargetedCacheControl.Policy none = select(Map.of(
                "Cache-Control", List.of("max-age=1"),
                "Expires", List.of("Thu, 01 Jan 2099 00:00:00 GMT"),
                "CDN-Cache-Control", List.of("max-age=60,")));
        assertThat(none.targeted()).isFalse();
        assertThat(none.cacheControl().maxAge()).isEqualTo(1);
        assertThat(none.expires()).isEqualTo("Thu, 01 Jan 2099 00:00:00 GMT");
    }

    @Test
    void anEmptyTargetedFieldCountsAsAbsent() {
        TargetedCacheControl.Policy p = select(Map.of("Cache-Control", List.of("max-age=1"), "CDN-Cache-Control", List.of(" ")));
        assertThat(p.targeted()).isFalse();
        assertThat(p.cacheControl().maxAge()).isEqualTo(1);
    }

    @Test
    void onlyTheTargetedFieldsAreForTheEdgeAlone() {
        assertThat(TargetedCacheControl.isTargeted("CDN-Cache-Control")).isTrue();
        assertThat(TargetedCacheControl.isTargeted("meridian-cdn-cache-control")).isTrue();
        assertThat(TargetedCacheControl.isTargeted("Cache-Control")).isFalse();
        assertThat(TargetedCacheControl.isTargeted("Other-CDN-Cache-Control")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=60", "max-age=60, public", "no-store", "private=\"set-cookie\"", "a=1.5;p;q=?0",
            "a=(1 2 \"x\");z", "a=:aGk=:, b=tok/en*", "*x=-3", "  max-age=60  ", "a=1,\tb"})
    void validDictionaries(String value) {
        assertThat(StructuredDictionary.isValid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Max-Age=60", "max-age=60,", ", max-age=60", "max-age==60", "a=\"open", "a=1.2345",
            "a=1234567890123456", "a=(1 2", "a=?2", "a=\"\\x\"", "max-age=60 public", "1a", "a=é", "a;B"})
    void invalidDictionaries(String value) {
        assertThat(StructuredDictionary.isValid(value)).isFalse();
    }
}
