package dev.meridian.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BarChartTest {
    @Test
    void barsAreInDescendingOrderWithTheirFiguresAndTheLargestFillsThePlot() {
        String svg = BarChart.render("By POP", List.of(
                new BarChart.Bar("fra", 10, "10 B"), new BarChart.Bar("sjc", 40, "40 B"), new BarChart.Bar("iad", 20, "20 B")));

        assertThat(Pattern.compile("<text class=\"label\"[^>]*>([a-z]+)</text>").matcher(svg).results()
                .map(m -> m.group(1)).toList()).containsExactly("sjc", "iad", "fra");
        assertThat(Pattern.compile("<rect class=\"bar\"[^>]* width=\"([0-9.]+)\"").matcher(svg).results()
                .map(m -> Double.parseDouble(m.group(1))).toList())
                .containsExactly(600.0, 300.0, 150.0);
        assertThat(Pattern.compile("<text class=\"figure\"[^>]*>([^<]+)</text>").matcher(svg).results()
                .map(m -> m.group(1)).toList()).containsExactly("40 B", "20 B", "10 B");
    }

    @Test
    void textIsEscaped() {
        String svg = BarChart.render("<t>", List.of(new BarChart.Bar("<img src=x>", 1, "\"1\"")));

        assertThat(svg).doesNotContain("<img").doesNotContain("<t>")
                .contains("&lt;img src=x&gt;").contains("&quot;1&quot;").contains("&lt;t&gt;");
    }

    @Test
    void anEmptyPeriodSaysSo() {
        assertThat(BarChart.render("By POP", List.of())).contains("no data in this period").doesNotContain("<rect");
    }
}
