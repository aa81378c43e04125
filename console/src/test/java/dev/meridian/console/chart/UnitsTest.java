package dev.meridian.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "999, 999 B",
        "1000, 1.00 kB",
        "12345, 12.3 kB",
        "999499, 999 kB",
        "999500, 1.00 MB",
        "123456789, 123 MB",
        "1234567890123, 1.23 TB",
    })
    void bytesWithAnSiPrefixAndThreeDigits(long bytes, String text) {
        assertThat(Units.bytes(bytes)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|0", "999|999", "1234567|1,234,567"})
    void countsWithThousandsSeparators(long count, String text) {
        assertThat(Units.count(count)).isEqualTo(text);
    }
}
