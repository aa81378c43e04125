package dev.meridian.console.chart;

import java.util.Comparator;
import java.util.List;

/**
 * Horizontal bars, the largest first, each with its label on the left and its figure on the right,
 * as SVG drawn on the server.
 */
public final class BarChart {
    static final int WIDTH = 960;
    static final int ROW = 26;
    static final int LABEL = 160;
    static final int FIGURE = 200;
    private static final int TOP = 30;

    /** One bar: what it is, its length, and the figure written next to it. */
    public record Bar(String label, double value, String figure) {
    }

    private BarChart() {
    }

    public static String render(String title, List<Bar> bars) {
        List<Bar> sorted = bars.stream().sorted(Comparator.comparingDouble(Bar::value).reversed()).toList();
        double max = sorted.isEmpty() ? 0 : sorted.get(0).value();
        int height = TOP + Math.max(1, sorted.size()) * ROW + 8;
        StringBuilder svg = new StringBuilder(1024 + sorted.size() * 256);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bars\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"").append(Svg.escape(title)).append("\">");
        svg.append("<title>").append(Svg.escape(title)).append("</title>");
        svg.append("<text class=\"title\" x=\"0\" y=\"18\">").append(Svg.escape(title)).append("</text>");
        if (sorted.isEmpty()) {
            svg.append("<text class=\"empty\" x=\"0\" y=\"").append(TOP + 17).append("\">no data in this period</text>");
        }
        int plot = WIDTH - LABEL - FIGURE;
        for (int i = 0; i < sorted.size(); i++) {
            Bar bar = sorted.get(i);
            int y = TOP + i * ROW;
            double length = max > 0 ? plot * bar.value() / max : 0;
            svg.append("<text class=\"label\" x=\"").append(LABEL - 8).append("\" y=\"").append(y + 17)
                    .append("\" text-anchor=\"end\">").append(Svg.escape(bar.label())).append("</text>");
            svg.append("<rect class=\"bar\" x=\"").append(LABEL).append("\" y=\"").append(y + 4).append("\" width=\"")
                    .append(Svg.num(length)).append("\" height=\"").append(ROW - 8).append("\" fill=\"#1f6feb\"/>");
            svg.append("<text class=\"figure\" x=\"").append(Svg.num(LABEL + length + 8)).append("\" y=\"").append(y + 17)
                    .append("\">").append(Svg.escape(bar.figure())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }
}
