package dev.meridian.console.portal;

import dev.meridian.console.chart.BarChart;
import dev.meridian.console.chart.LineChart;
import dev.meridian.console.chart.Unit;
import dev.meridian.console.chart.Units;
import dev.meridian.console.report.AnswerSeries;
import dev.meridian.console.report.GtmActivity;
import dev.meridian.console.report.GtmReport;
import dev.meridian.console.report.PopTotal;
import dev.meridian.console.report.Window;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import io.undertow.server.HttpServerExchange;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GTM recent activity: decisions per minute for each answered address over the last 24 h, and per POP
 * the counts that add up to the total.
 */
final class GtmPage implements PortalHandler {
    /** Lines beyond these many (the most answered) are drawn as one "other" line: a chart of 50 lines reads as none. */
    static final int MAX_LINES = 7;
    static final String CUSTOMER_SERVERS = "customer servers";

    private final GtmReport gtm;
    private final PropertyChoice properties;
    private final Clock clock;

    GtmPage(GtmReport gtm, PropertyChoice properties, Clock clock) {
        this.gtm = gtm;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServerExchange exchange, Viewer viewer) {
        String property = properties.chosen(exchange, viewer);
        Window window = Window.last(Window.DAY, clock);
        GtmActivity activity = gtm.activity(properties.scope(viewer, property), window);
        List<AnswerSeries> answers = activity.answers();
        List<PopTotal> pops = activity.pops();
        long total = activity.total();
        String lines = LineChart.render(new LineChart.Spec(
                "Decisions per answered address (per minute) · 24 h total " + Units.count(total),
                Unit.PER_MINUTE, window.start(), Duration.ofMinutes(1), lines(answers, window.minutes())));
        String bars = BarChart.render("Decisions by POP, last 24 hours",
                pops.stream().map(p -> new BarChart.Bar(popName(p.pop()), p.count(), Units.count(p.count()))).toList());
        Pages.render(exchange, "gtm.jte", Map.of(
                "viewer", viewer,
                "properties", properties.visible(viewer),
                "property", property == null ? "" : property,
                "answersChart", lines,
                "popsChart", bars,
                "pops", pops.stream().map(p -> new PopLine(popName(p.pop()), Units.count(p.count()))).toList(),
                "total", Units.count(total)));
    }

    static List<LineChart.Line> lines(List<AnswerSeries> answers, int minutes) {
        List<LineChart.Line> lines = new ArrayList<>();
        double[] other = new double[minutes];
        for (int i = 0; i < answers.size(); i++) {
            double[] perMinute = answers.get(i).decisions().perSecond(60);
            if (i < MAX_LINES || answers.size() == MAX_LINES + 1) {
                lines.add(new LineChart.Line(answers.get(i).answer(), perMinute));
            } else {
                for (int m = 0; m < minutes; m++) {
                    other[m] += perMinute[m];
                }
            }
        }
        if (answers.size() > MAX_LINES + 1) {
            lines.add(new LineChart.Line("other", other));
        }
        if (lines.isEmpty()) {
            lines.add(new LineChart.Line("no decisions", new double[minutes]));
        }
        return lines;
    }

    private static String popName(String pop) {
        return pop.isEmpty() ? CUSTOMER_SERVERS : pop;
    }
}
