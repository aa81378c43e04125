package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.HeaderField;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoredRangesTest {
    private static final byte[] BODY = new byte[1000];

    static {
        for (int i = 0; i < BODY.length; i++) {
            BODY[i] = (byte) (i * 7);
        }
    }

    static CachedResponse head(String... nameValues) {
        List<HeaderField> fields = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(new HeaderField(nameValues[i], nameValues[i + 1]));
        }
        return new CachedResponse(200, fields, ByteBuffer.allocate(0), 0, 0, Duration.ZERO);
    }

    private static final CachedResponse V1 = head("ETag", "\"v1\"", "Cache-Control", "max-age=60");

    private static StoredRanges add(StoredRanges held, CachedResponse head, int first, int last) {
        return StoredRanges.merge(held, head, BODY.length, first, Arrays.copyOfRange(BODY, first, last + 1), 10_000);
    }

    /** Parts given as "first-last" pairs, in the order they arrive; then what one part holds. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0-99                | 0-99       | 0-99",
        "0-99, 100-199       | 0-199      | 50-150",
        "0-99, 50-149        | 0-149      | 0-149",
        "100-199, 0-99       | 0-199      | 99-100",
        "0-99, 200-299       | 0-99 200-299 | 200-250",
        "200-299, 0-99, 100-199 | 0-299   | 0-299",
        "0-299, 100-199      | 0-299      | 10-290",
    })
    void partsMergeWhereTheyTouchOrOverlap(String arrivals, String expected, String covered) {
        StoredRanges held = null;
        for (String part : arrivals.split(",")) {
            String[] ends = part.trim().split("-");
            held = add(held, V1, Integer.parseInt(ends[0]), Integer.parseInt(ends[1]));
        }
        assertThat(held.pieces().stream().map(p -> p.first() + "-" + p.last()).toList())
                .containsExactly(expected.trim().split(" "));
        String[] c = covered.trim().split("-");
        int first = Integer.parseInt(c[0]);
        int last = Integer.parseInt(c[1]);
        assertThat(held.bytes(first, last)).isEqualTo(Arrays.copyOfRange(BODY, first, last + 1));
        assertThat(held.pieces()).allSatisfy(p -> assertThat(p.bytes())
                .isEqualTo(Arrays.copyOfRange(BODY, (int) p.first(), (int) p.last() + 1)));
    }

    @Test
    void aRangeAcrossAGapIsNotHeld() {
        StoredRanges held = add(add(null, V1, 0, 99), V1, 101, 199);
        assertThat(held.bytes(50, 150)).isNull();
        assertThat(held.bytes(0, 99)).isNotNull();
        assertThat(held.complete()).isFalse();
    }

    @Test
    void partsThatCoverTheWholeAreComplete() {
        StoredRanges held = add(add(add(null, V1, 0, 399), V1, 700, 999), V1, 300, 799);
        assertThat(held.complete()).isTrue();
        assertThat(held.bytes(0, 999)).isEqualTo(BODY);
    }

    @Test
    void anotherEntityTagOrLengthDropsTheOldParts() {
        StoredRanges held = add(null, V1, 0, 99);
        StoredRanges other = add(held, head("ETag", "\"v2\""), 100, 199);
        assertThat(other.pieces()).hasSize(1);
        assertThat(other.bytes(0, 10)).isNull();
        assertThat(other.head().etag()).isEqualTo("\"v2\"");

        StoredRanges longer = StoredRanges.merge(held, V1, 2000, 100, new byte[100], 10_000);
        assertThat(longer.pieces()).hasSize(1);
        assertThat(longer.total()).isEqualTo(2000);
    }

    @Test
    void theNewestPartsHeaderFieldsReplaceTheOlder() {
        StoredRanges held = add(add(null, V1, 0, 99), head("ETag", "\"v1\"", "Cache-Control", "max-age=600"), 100, 199);
        assertThat(held.pieces()).hasSize(1);
        assertThat(held.head().first("Cache-Control")).isEqualTo("max-age=600");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a weak tag never combines
        "W/\"v1\" |                               |                               | false",
        // a Last-Modified a minute or more before Date is strong (RFC 9110 8.8.2.2)
        "         | Tue, 01 Sep 2026 09:00:00 GMT | Tue, 01 Sep 2026 09:01:00 GMT | true",
        "         | Tue, 01 Sep 2026 09:00:00 GMT | Tue, 01 Sep 2026 09:00:59 GMT | false",
        "         | Tue, 01 Sep 2026 09:00:00 GMT |                               | false",
        "         |                               |                               | false",
    })
    void onlyAStrongValidatorLetsPartsBeKept(String etag, String lastModified, String date, boolean kept) {
        List<String> fields = new ArrayList<>();
        if (etag != null) {
            fields.addAll(List.of("ETag", etag));
        }
        if (lastModified != null) {
            fields.addAll(List.of("Last-Modified", lastModified));
        }
        if (date != null) {
            fields.addAll(List.of("Date", date));
        }
        CachedResponse h = head(fields.toArray(String[]::new));
        assertThat(add(null, h, 0, 99) != null).isEqualTo(kept);
        if (kept) {
            assertThat(add(add(null, h, 0, 99), h, 100, 199).pieces()).hasSize(1);
            CachedResponse later = head("Last-Modified", "Tue, 01 Sep 2026 09:30:00 GMT", "Date", "Tue, 01 Sep 2026 10:00:00 GMT");
            assertThat(add(add(null, h, 0, 99), later, 100, 199).bytes(0, 99)).isNull();
        }
    }

    @Test
    void boundedInPartsAndBytes() {
        StoredRanges held = null;
        for (int i = 0; i < StoredRanges.MAX_PIECES; i++) {
            held = add(held, V1, i * 20, i * 20 + 9);
        }
        assertThat(held.pieces()).hasSize(StoredRanges.MAX_PIECES);
        StoredRanges one = add(held, V1, 900, 909);
        assertThat(one.pieces()).hasSize(1);
        assertThat(one.bytes(900, 909)).isNotNull();

        StoredRanges small = StoredRanges.merge(null, V1, 1000, 0, new byte[60], 100);
        assertThat(StoredRanges.merge(small, V1, 1000, 100, new byte[60], 100).pieces())
                .singleElement().satisfies(p -> assertThat(p.first()).isEqualTo(100));
        assertThat(StoredRanges.merge(null, V1, 1000, 0, new byte[101], 100)).isNull();
    }

    @Test
    void aLengthAloneKeepsPartsOfTheSameRepresentation() {
        StoredRanges known = StoredRanges.lengthOnly(V1, 1000);
        assertThat(known.pieces()).isEmpty();
        assertThat(known.complete()).isFalse();
        StoredRanges held = add(known, V1, 0, 99);
        assertThat(StoredRanges.remember(held, V1, 1000)).isSameAs(held);
        assertThat(StoredRanges.remember(held, head("ETag", "\"v2\""), 1000).pieces()).isEmpty();
        assertThat(StoredRanges.lengthOnly(head("ETag", "W/\"v1\""), 1000)).isNull();
    }
}
