package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheTagsTest {
    private static CacheTags.Parsed parse(Map<String, List<String>> fields) {
        return CacheTags.parse(name -> fields.getOrDefault(name, List.of()));
    }

    @Test
    void surrogateKeysAreSpaceSeparatedCacheTagsCommaSeparatedAndBothAreUnited() {
        CacheTags.Parsed p = parse(Map.of("Surrogate-Key", List.of(" a  b\tc ", "d"), "Cache-Tag", List.of("c, e ,f,,", "g")));

        assertThat(p.tags()).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(p.ignored()).isZero();
        assertThat(parse(Map.of())).isSameAs(CacheTags.Parsed.NONE);
    }

    @Test
    void tagsAreExactAndBoundedInCountLengthAndCharacters() {
        assertThat(parse(Map.of("Surrogate-Key", List.of("Red red"))).tags()).containsExactly("Red", "red");
        assertThat(CacheTags.valid("x".repeat(CacheTags.MAX_TAG_LENGTH))).isTrue();
        assertThat(CacheTags.valid("x".repeat(CacheTags.MAX_TAG_LENGTH + 1))).isFalse();
        assertThat(CacheTags.valid("a b")).isFalse();
        assertThat(CacheTags.valid("caf\u00e9")).isFalse();
        assertThat(CacheTags.valid("")).isFalse();
        CacheTags.Parsed p = parse(Map.of("Cache-Tag", List.of("ok, " + "x".repeat(300) + ", a\u0007b")));
        assertThat(p.tags()).containsExactly("ok");
        assertThat(p.ignored()).isEqualTo(2);
    }

    @Test
    void theTagFieldsAreKnownInAnyCase() {
        assertThat(CacheTags.isTagField("Surrogate-Key")).isTrue();
        assertThat(CacheTags.isTagField("cache-tag")).isTrue();
        assertThat(CacheTags.isTagField("CACHE-TAG")).isTrue();
        assertThat(CacheTags.isTagField("Cache-Control")).isFalse();
        assertThat(CacheTags.isTagField("Surrogate-Control")).isFalse();
    }
}
