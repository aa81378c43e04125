package dev.meridian.console.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.report.Granularity;
import dev.meridian.console.report.UsageRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class UsageCsvTest {
    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of("acme.cdn.test", "acme.cdn.test"),
                Arguments.of("a,b", "\"a,b\""),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("two\nlines", "\"two\nlines\""),
                Arguments.of("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
                Arguments.of("+1", "'+1"),
                Arguments.of("-2+3", "'-2+3"),
                Arguments.of("@SUM(A1)", "'@SUM(A1)"),
                Arguments.of("\tx", "'\tx"),
                Arguments.of("\rx", "\"'\rx\""),
                Arguments.of("a=b", "a=b"));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void textCellsAreQuotedPerRfc4180AndNeverStartAFormula(String value, String cell) {
        assertThat(UsageCsv.text(value)).isEqualTo(cell);
    }

    @Test
    void aHeaderRowThenOneCrlfTerminatedLinePerRow() {
        String csv = UsageCsv.write(Granularity.HOUR, List.of(
                new UsageRow(Instant.parse("2026-12-07T01:00:00Z"), "acme", "static.acme.test", 40, 5000, 30, 200, 6, 740)));

        assertThat(csv).isEqualTo(UsageCsv.HEADER + "\r\n"
                + "2026-12-07 01:00,acme,static.acme.test,40,5000,30,0.7500,200,6,740\r\n");
    }
}
