package dev.meridian.console.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineChartTest {
    private static final Instant START = Instant.parse("2026-12-06T21:00:00Z");

    private static LineChart.Spec day(String title, double[] values) {
        return new LineChart.Spec(title, Unit.BITS_PER_SECOND, START, Duration.ofMinutes(1),
                List.of(new LineChart.Line("bits/s", values)));
    }

    @Test
    void theMidnightLineIsDottedWhereMidnightFallsOnTheTimeAxis() {
        String svg = LineChart.render(day("t", new double[1440]));

        // Midnight UTC is 180 minutes after 21:00, of 1440: 1/8 of the plot's width from its left edge.
        double expected = LineChart.LEFT + (LineChart.WIDTH - LineChart.LEFT - LineChart.RIGHT) / 8.0;
        Matcher midnight = Pattern.compile("<line class=\"midnight\" x1=\"([0-9.]+)\"[^>]*stroke-dasharray").matcher(svg);
        assertThat(midnight.find()).isTrue();
        assertThat(Double.parseDouble(midnight.group(1))).isCloseTo(expected, offset(0.05));
        assertThat(midnight.find()).as("one midnight in 24 h").isFalse();
        assertThat(svg).contains(">Dec 7</text>").contains(">UTC</text>");
    }

    @Test
    void noMidnightLineWhenTheWindowHasNone() {
        Instant noon = Instant.parse("2026-12-07T01:00:00Z");
        String svg = LineChart.render(new LineChart.Spec("t", Unit.PER_SECOND, noon, Duration.ofMinutes(1),
                List.of(new LineChart.Line("hits/s", new double[600]))));

        assertThat(svg).doesNotContain("class=\"midnight\"");
    }

    @Test
    void theTimeAxisIsLabelledEveryThreeHours() {
        String svg = LineChart.render(day("t", new double[1440]));

        assertThat(Pattern.compile("<text class=\"time\"[^>]*>([0-9:]+)</text>").matcher(svg).results()
                .map(m -> m.group(1)).toList())
                .containsExactly("21:00", "00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00");
    }

    @Test
    void everyMinuteIsAPointZerosIncludedAndTheAxisIsInTheUnitOfItsTop() {
        double[] values = new double[1440];
        values[10] = 8_000_000;
        String svg = LineChart.render(day("t", values));

        Matcher points = Pattern.compile("<polyline class=\"series\"[^>]* points=\"([^\"]+)\"").matcher(svg);
        assertThat(points.find()).isTrue();
        String[] xy = points.group(1).split(" ");
        assertThat(xy).hasSize(1440);
        double base = LineChart.y(Axis.of(Unit.BITS_PER_SECOND, 8_000_000), 0);
        assertThat(xy[9]).endsWith("," + Svg.num(base));
        assertThat(xy[10]).endsWith("," + Svg.num(LineChart.TOP));
        assertThat(svg).contains(">8 Mbit/s</text>").contains(">0 Mbit/s</text>");
    }

    @Test
    void theTitleAndLabelsAreEscaped() {
        String svg = LineChart.render(new LineChart.Spec("<script>alert('x')</script> & \"q\"", Unit.PER_MINUTE, START,
                Duration.ofMinutes(1), List.of(new LineChart.Line("a<b", new double[3]), new LineChart.Line("c&d", new double[3]))));

        assertThat(svg).doesNotContain("<script").doesNotContain("a<b").doesNotContain("c&d")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
                .contains(">a&lt;b</text>").contains(">c&amp;d</text>");
    }

    @Test
    void aSingleSeriesIsFilledSeveralGetALegend() {
        assertThat(LineChart.render(day("t", new double[60]))).contains("class=\"area\"").doesNotContain("class=\"legend\"");
        String several = LineChart.render(new LineChart.Spec("t", Unit.PER_MINUTE, START, Duration.ofMinutes(1),
                List.of(new LineChart.Line("192.0.2.1", new double[60]), new LineChart.Line("192.0.2.2", new double[60]))));
        assertThat(several).doesNotContain("class=\"area\"").contains(">192.0.2.1</text>").contains(">192.0.2.2</text>");
    }
}
