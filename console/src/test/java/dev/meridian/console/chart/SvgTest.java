package dev.meridian.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SvgTest {
    @ParameterizedTest
    @ValueSource(doubles = {0, 0.04, 0.05, 1.25, 12.349, 219.99, 944, -3.96, 1e6 / 3})
    void coordinatesHaveOneDecimalAsFormatWritesThem(double value) {
        String expected = String.format(Locale.ROOT, "%.1f", value);
        assertThat(Svg.num(value)).isEqualTo(expected.equals("-0.0") ? "0.0" : expected);
    }
}
