package dev.meridian.console.chart;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * A per-minute time series drawn as SVG on the server: one filled line (or several plain ones with a
 * legend), a y axis of round ticks in the unit's prefix, the time axis labelled every three hours and
 * a dotted line at each midnight. Times are UTC, as everywhere in the console; the axis says so.
 */
public final class LineChart {
    static final int WIDTH = 960;
    static final int HEIGHT = 260;
    static final int LEFT = 88;
    static final int RIGHT = 16;
    static final int TOP = 34;
    static final int BOTTOM = 40;
    private static final int LABEL_EVERY_HOURS = 3;
    private static final String[] COLOURS = {"#1f6feb", "#d4731a", "#2da44e", "#a040c0", "#cf222e", "#6e7781", "#0a8a8a", "#9a6700"};
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    /** One line: its legend label and one value per step. */
    public record Line(String label, double[] values) {
        public Line {
            values = values.clone();
        }
    }

    /**
     * What to draw.
     *
     * @param title the chart's title, e.g. "Traffic, 24 h total 1.2 TB"
     * @param start the time of the first value
     * @param step  the time between values (a minute)
     * @param lines the series, all of the same length; a single one is drawn filled
     */
    public record Spec(String title, Unit unit, Instant start, Duration step, List<Line> lines) {
        public Spec {
            lines = List.copyOf(lines);
        }

        int points() {
            return lines.isEmpty() ? 0 : lines.get(0).values.length;
        }

        Instant end() {
            return start.plus(step.multipliedBy(points()));
        }
    }

    private LineChart() {
    }

    public static String render(Spec spec) {
        double max = 0;
        for (Line line : spec.lines()) {
            for (double v : line.values) {
                max = Math.max(max, v);
            }
        }
        Axis axis = Axis.of(spec.unit(), max);
        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"")
                .append(Svg.escape(spec.title())).append("\">");
        svg.append("<title>").append(Svg.escape(spec.title())).append("</title>");
        svg.append("<text class=\"title\" x=\"").append(LEFT).append("\" y=\"20\">").append(Svg.escape(spec.title())).append("</text>");
        yAxis(svg, axis);
        timeAxis(svg, spec);
        for (int i = 0; i < spec.lines().size(); i++) {
            line(svg, spec, axis, spec.lines().get(i), COLOURS[i % COLOURS.length], spec.lines().size() == 1);
        }
        if (spec.lines().size() > 1) {
            legend(svg, spec);
        }
        return svg.append("</svg>").toString();
    }

    /** The x of an instant: the plot spans the series' time from its first value's start to the last's end. */
    static double x(Spec spec, Instant at) {
        double span = Duration.between(spec.start(), spec.end()).toMillis();
        return LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(spec.start(), at).toMillis() / span;
    }

    static double y(Axis axis, double value) {
        double plot = HEIGHT - TOP - BOTTOM;
        return TOP + plot - plot * value / axis.top();
    }

    private static void yAxis(StringBuilder svg, Axis axis) {
        for (double tick : axis.ticks()) {
            String y = Svg.num(y(axis, tick));
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\" stroke=\"#d0d7de\"/>");
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">").append(Svg.escape(axis.label(tick)))
                    .append("</text>");
        }
    }

    private static void timeAxis(StringBuilder svg, Spec spec) {
        if (spec.points() == 0) {
            return;
        }
        int bottom = HEIGHT - BOTTOM;
        Instant hour = spec.start().truncatedTo(ChronoUnit.HOURS);
        if (hour.isBefore(spec.start())) {
            hour = hour.plus(1, ChronoUnit.HOURS);
        }
        for (; hour.isBefore(spec.end()); hour = hour.plus(1, ChronoUnit.HOURS)) {
            LocalDateTime utc = LocalDateTime.ofInstant(hour, ZoneOffset.UTC);
            String x = Svg.num(x(spec, hour));
            if (utc.getHour() == 0) {
                svg.append("<line class=\"midnight\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                        .append(TOP).append("\" y2=\"").append(bottom).append("\" stroke=\"#57606a\" stroke-dasharray=\"2 3\"/>");
                svg.append("<text class=\"date\" x=\"").append(x).append("\" y=\"").append(bottom + 30)
                        .append("\" text-anchor=\"middle\">").append(Svg.escape(DATE.format(utc))).append("</text>");
            }
            if (utc.getHour() % LABEL_EVERY_HOURS == 0) {
                svg.append("<text class=\"time\" x=\"").append(x).append("\" y=\"").append(bottom + 16)
                        .append("\" text-anchor=\"middle\">").append(HOUR.format(utc)).append("</text>");
            }
        }
        svg.append("<text class=\"zone\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(bottom + 30)
                .append("\" text-anchor=\"end\">UTC</text>");
    }

    private static void line(StringBuilder svg, Spec spec, Axis axis, Line line, String colour, boolean filled) {
        StringBuilder points = new StringBuilder(line.values.length * 12);
        for (int i = 0; i < line.values.length; i++) {
            if (i > 0) {
                points.append(' ');
            }
            points.append(Svg.num(x(spec, spec.start().plus(spec.step().multipliedBy(i))))).append(',')
                    .append(Svg.num(y(axis, line.values[i])));
        }
        if (filled && line.values.length > 0) {
            String base = Svg.num(y(axis, 0));
            String first = Svg.num(x(spec, spec.start()));
            String last = Svg.num(x(spec, spec.start().plus(spec.step().multipliedBy(line.values.length - 1))));
            svg.append("<polygon class=\"area\" fill=\"").append(colour).append("\" fill-opacity=\"0.18\" points=\"")
                    .append(first).append(',').append(base).append(' ').append(points).append(' ')
                    .append(last).append(',').append(base).append("\"/>");
        }
        svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"1.2\" points=\"").append(points).append("\"><title>")
                .append(Svg.escape(line.label())).append("</title></polyline>");
    }

    private static void legend(StringBuilder svg, Spec spec) {
        int x = WIDTH - RIGHT;
        StringBuilder items = new StringBuilder();
        for (int i = spec.lines().size() - 1; i >= 0; i--) {
            String label = spec.lines().get(i).label();
            x -= 14 + label.length() * 7;
            items.append("<rect x=\"").append(x).append("\" y=\"12\" width=\"10\" height=\"10\" fill=\"")
                    .append(COLOURS[i % COLOURS.length]).append("\"/><text class=\"legend\" x=\"").append(x + 13)
                    .append("\" y=\"21\">").append(Svg.escape(label)).append("</text>");
        }
        svg.append("<g class=\"legend\">").append(items).append("</g>");
    }
}
