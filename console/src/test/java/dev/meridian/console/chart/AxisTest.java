package dev.meridian.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AxisTest {
    static Stream<Arguments> axes() {
        return Stream.of(
                // max, unit, the labels of the ticks
                Arguments.of(0.0, Unit.BITS_PER_SECOND, List.of("0 bit/s", "0.25 bit/s", "0.5 bit/s", "0.75 bit/s", "1 bit/s")),
                Arguments.of(7.0, Unit.PER_SECOND, List.of("0/s", "2/s", "4/s", "6/s", "8/s")),
                Arguments.of(10.0, Unit.PER_SECOND, List.of("0/s", "2.5/s", "5/s", "7.5/s", "10/s")),
                Arguments.of(999.0, Unit.BITS_PER_SECOND,
                        List.of("0 kbit/s", "0.25 kbit/s", "0.5 kbit/s", "0.75 kbit/s", "1 kbit/s")),
                Arguments.of(9_100_000.0, Unit.BITS_PER_SECOND,
                        List.of("0 Mbit/s", "2.5 Mbit/s", "5 Mbit/s", "7.5 Mbit/s", "10 Mbit/s")),
                Arguments.of(1_234_000_000.0, Unit.BITS_PER_SECOND,
                        List.of("0 Gbit/s", "0.5 Gbit/s", "1 Gbit/s", "1.5 Gbit/s")),
                Arguments.of(3_000.0, Unit.PER_MINUTE, List.of("0k/min", "1k/min", "2k/min", "3k/min")),
                Arguments.of(44.0, Unit.PER_MINUTE, List.of("0/min", "20/min", "40/min", "60/min")));
    }

    @ParameterizedTest
    @MethodSource("axes")
    void ticksAreRoundReachTheLargestValueAndAllSpeakTheUnitOfTheTop(double max, Unit unit, List<String> labels) {
        Axis axis = Axis.of(unit, max);

        assertThat(axis.ticks().stream().map(axis::label).toList()).isEqualTo(labels);
        assertThat(axis.top()).isGreaterThanOrEqualTo(max);
    }

    @ParameterizedTest
    @MethodSource("axes")
    void neverMoreThanFiveIntervals(double max, Unit unit, List<String> labels) {
        assertThat(Axis.of(unit, max).ticks()).hasSizeBetween(2, 6);
    }
}
