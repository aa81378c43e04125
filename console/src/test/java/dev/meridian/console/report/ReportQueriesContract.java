package dev.meridian.console.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meridian.console.db.Database;
import dev.meridian.console.testing.UsageRows;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report queries against a real database: the subclasses run the same cases on H2 and PostgreSQL,
 * since the point of the one set of SQL is that it means the same on both.
 */
abstract class ReportQueriesContract {
    static final Instant NOW = Instant.parse("2026-12-07T10:30:20Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Window DAY = Window.last(Window.DAY, CLOCK);
    static final Scope ACME = new Scope("acme", null);
    static final Scope ACME_STATIC = new Scope("acme", "static.acme.test");
    static final Scope EVERYONE = new Scope(null, null);

    /** A migrated, empty database for one test; closed by the subclass. */
    abstract Database database();

    private UsageRows rows() {
        return new UsageRows(database());
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void trafficHasEveryMinuteOfTheLast24HoursMissingOnesAsZerosSummedOverPops() {
        rows().edge(at("2026-12-06T10:29:00Z"), "acme", "static.acme.test", "sjc", 1, 1000, 0, 0, 0) // before the window
                .edge(at("2026-12-06T10:30:00Z"), "acme", "static.acme.test", "sjc", 3, 300, 1, 0, 0) // its first minute
                .edge(at("2026-12-06T10:30:00Z"), "acme", "static.acme.test", "iad", 2, 200, 1, 0, 0)
                .edge(at("2026-12-07T00:00:00Z"), "acme", "www.acme.test", "fra", 5, 500, 5, 0, 0)
                .edge(at("2026-12-07T10:29:00Z"), "acme", "static.acme.test", "fra", 7, 700, 7, 0, 0) // its last minute
                .edge(at("2026-12-07T10:30:00Z"), "acme", "static.acme.test", "fra", 9, 900, 9, 0, 0) // in progress
                .edge(at("2026-12-07T00:00:00Z"), "globex", "globex.cdn.test", "fra", 11, 1100, 0, 0, 0);

        Traffic traffic = new TrafficReport(database()).perMinute(ACME, DAY);

        assertThat(traffic.bytes().size()).isEqualTo(1440);
        assertThat(traffic.bytes().start()).isEqualTo(at("2026-12-06T10:30:00Z"));
        assertThat(traffic.bytes().count(0)).isEqualTo(500);
        assertThat(traffic.requests().count(0)).isEqualTo(5);
        assertThat(traffic.bytes().count(810)).isEqualTo(500); // midnight, 13.5 h in
        assertThat(traffic.bytes().count(1439)).isEqualTo(700);
        assertThat(traffic.bytes().count(1)).isZero();
        assertThat(traffic.bytes().total()).isEqualTo(1700);
        assertThat(traffic.requests().total()).isEqualTo(17);

        Traffic one = new TrafficReport(database()).perMinute(ACME_STATIC, DAY);
        assertThat(one.bytes().total()).isEqualTo(1200);
        assertThat(one.bytes().count(810)).isZero();

        assertThat(new TrafficReport(database()).perMinute(EVERYONE, DAY).bytes().count(810)).isEqualTo(1600);
        assertThat(new TrafficReport(database()).perMinute(new Scope("globex", "static.acme.test"), DAY).bytes().total())
                .as("another customer's property through a customer's scope").isZero();
    }

    @Test
    void trafficPerPopIsTheBusiestFirstOverThePeriodFromMinutesOrHours() {
        rows().edge(at("2026-12-07T10:00:00Z"), "acme", "static.acme.test", "sjc", 1, 100, 0, 0, 0)
                .edge(at("2026-12-07T10:01:00Z"), "acme", "static.acme.test", "sjc", 1, 100, 0, 0, 0)
                .edge(at("2026-12-07T10:00:00Z"), "acme", "www.acme.test", "fra", 4, 400, 0, 0, 0)
                .edge(at("2026-12-07T09:10:00Z"), "acme", "static.acme.test", "iad", 2, 50, 0, 0, 0) // > 1 h ago
                .edge(at("2026-12-03T09:10:00Z"), "acme", "static.acme.test", "iad", 9, 5000, 0, 0, 0) // 4 days ago
                .edge(at("2026-12-07T10:00:00Z"), "globex", "globex.cdn.test", "iad", 10, 10000, 0, 0, 0);
        TrafficReport report = new TrafficReport(database());

        assertThat(report.perPop(ACME, Period.HOUR, Period.HOUR.window(CLOCK)))
                .containsExactly(new PopTotal("fra", 400, 4), new PopTotal("sjc", 200, 2));
        assertThat(report.perPop(ACME, Period.DAY, Period.DAY.window(CLOCK)))
                .containsExactly(new PopTotal("fra", 400, 4), new PopTotal("sjc", 200, 2), new PopTotal("iad", 50, 2));
        // Longer periods are read from the hourly rollups, in whole hours up to the one in progress.
        assertThat(report.perPop(ACME, Period.WEEK, Period.WEEK.window(CLOCK)))
                .containsExactly(new PopTotal("iad", 5050, 11), new PopTotal("fra", 400, 4), new PopTotal("sjc", 200, 2));
        assertThat(report.perPop(ACME_STATIC, Period.DAY, Period.DAY.window(CLOCK)))
                .containsExactly(new PopTotal("sjc", 200, 2), new PopTotal("iad", 50, 2));
        assertThat(report.perPop(EVERYONE, Period.HOUR, Period.HOUR.window(CLOCK)).get(0))
                .isEqualTo(new PopTotal("iad", 10000, 10));
        // Every customer over a week: from the network's minutes, the same sums as the hours would give.
        assertThat(report.perPop(EVERYONE, Period.WEEK, Period.WEEK.window(CLOCK)))
                .containsExactly(new PopTotal("iad", 15050, 21), new PopTotal("fra", 400, 4), new PopTotal("sjc", 200, 2));
    }

    @Test
    void gtmDecisionsPerAnswerPerMinuteTheMostAnsweredFirstAndPerPopAddingUpToTheTotal() {
        rows().dns(at("2026-12-07T10:00:00Z"), "acme", "static.acme.test", "192.0.2.11", "sjc", 3)
                .dns(at("2026-12-07T10:01:00Z"), "acme", "static.acme.test", "192.0.2.11", "sjc", 4)
                .dns(at("2026-12-07T10:00:00Z"), "acme", "static.acme.test", "192.0.2.13", "fra", 10)
                .dns(at("2026-12-07T10:00:00Z"), "acme", "www.acme.test", "203.0.113.5", "", 2)
                .dns(at("2026-12-06T10:00:00Z"), "acme", "www.acme.test", "203.0.113.5", "", 100) // a day ago
                .dns(at("2026-12-07T10:00:00Z"), "globex", "globex.cdn.test", "192.0.2.11", "sjc", 50);
        GtmReport report = new GtmReport(database());

        GtmActivity activity = report.activity(ACME, DAY);
        List<AnswerSeries> answers = activity.answers();
        assertThat(answers).extracting(AnswerSeries::answer).containsExactly("192.0.2.13", "192.0.2.11", "203.0.113.5");
        assertThat(answers.get(1).decisions().count(1410)).isEqualTo(3);
        assertThat(answers.get(1).decisions().count(1411)).isEqualTo(4);
        assertThat(answers.get(1).decisions().total()).isEqualTo(7);

        assertThat(activity.pops())
                .containsExactly(new PopTotal("fra", 0, 10), new PopTotal("sjc", 0, 7), new PopTotal("", 0, 2));
        assertThat(activity.total()).isEqualTo(19)
                .isEqualTo(answers.stream().mapToLong(a -> a.decisions().total()).sum());

        assertThat(report.activity(new Scope("acme", "www.acme.test"), DAY).pops()).containsExactly(new PopTotal("", 0, 2));
        assertThat(report.activity(EVERYONE, DAY).pops()).first().isEqualTo(new PopTotal("sjc", 0, 57));
    }

    @Test
    void usagePerDaySumsHoursTakesEachPopsLargestStorageAndJoinsDnsAnswers() {
        rows().edge(at("2026-12-07T01:05:00Z"), "acme", "static.acme.test", "sjc", 10, 1000, 8, 100, 500)
                .edge(at("2026-12-07T02:05:00Z"), "acme", "static.acme.test", "sjc", 10, 1000, 7, 100, 700)
                .edge(at("2026-12-07T02:05:00Z"), "acme", "static.acme.test", "fra", 20, 3000, 15, 0, 40)
                .edge(at("2026-12-06T23:59:00Z"), "acme", "static.acme.test", "fra", 1, 10, 1, 0, 0)
                .edge(at("2026-12-07T02:05:00Z"), "globex", "globex.cdn.test", "fra", 99, 9900, 0, 0, 0)
                .dns(at("2026-12-07T03:00:00Z"), "acme", "static.acme.test", "192.0.2.11", "sjc", 6)
                .dns(at("2026-12-07T03:00:00Z"), "acme", "www.acme.test", "203.0.113.5", "", 4);
        UsageReport report = new UsageReport(database());

        List<UsageRow> days = report.usage(ACME, Granularity.DAY.buckets(CLOCK));
        Instant dec6 = at("2026-12-06T00:00:00Z");
        Instant dec7 = at("2026-12-07T00:00:00Z");
        assertThat(days).containsExactly(
                new UsageRow(dec6, "acme", "static.acme.test", 1, 10, 1, 0, 0, 0),
                new UsageRow(dec7, "acme", "static.acme.test", 40, 5000, 30, 200, 6, 740),
                new UsageRow(dec7, "acme", "www.acme.test", 0, 0, 0, 0, 4, 0));
        assertThat(days.get(1).hitRatio()).isEqualTo(0.75);

        assertThat(report.usage(ACME_STATIC, Granularity.HOUR.buckets(CLOCK))).extracting(UsageRow::start, UsageRow::requests)
                .containsExactly(
                        tuple(at("2026-12-06T23:00:00Z"), 1L),
                        tuple(at("2026-12-07T01:00:00Z"), 10L),
                        tuple(at("2026-12-07T02:00:00Z"), 30L),
                        tuple(at("2026-12-07T03:00:00Z"), 0L));

        assertThat(report.usage(EVERYONE, Granularity.MONTH.buckets(CLOCK)))
                .extracting(UsageRow::customer, UsageRow::property, UsageRow::requests)
                .containsExactly(
                        tuple("acme", "static.acme.test", 41L),
                        tuple("acme", "www.acme.test", 0L),
                        tuple("globex", "globex.cdn.test", 99L));
    }
}
