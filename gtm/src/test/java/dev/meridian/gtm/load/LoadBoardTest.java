package dev.meridian.gtm.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.probe.ManualClock;
import dev.meridian.probe.load.LoadReport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadBoardTest {
    private final ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
    private final LoadBoard board = new LoadBoard(Duration.ofSeconds(30), 800, clock);

    private LoadReport report(String pop, int figure) {
        return new LoadReport(pop, clock.instant(), 3, 50.0, 0.2, figure);
    }

    @Test
    void aFreshReportGivesTheFigure() {
        board.record(report("sjc", 120));
        PopLoad load = board.load("sjc");
        assertThat(load.known()).isTrue();
        assertThat(load.figure()).isEqualTo(120);
        assertThat(load.overloaded()).isFalse();
    }

    @Test
    void anOldReportIsUnknownAndCountsAs1000() {
        board.record(report("sjc", 120));
        clock.advance(Duration.ofSeconds(31));
        PopLoad load = board.load("sjc");
        assertThat(load.known()).isFalse();
        assertThat(load.figure()).isEqualTo(LoadReport.UNKNOWN_FIGURE);
        assertThat(load.overloaded()).as("silence is the probes' business").isFalse();
        assertThat(board.load("ams").known()).isFalse();
    }

    @Test
    void overTheThresholdIsOverloaded() {
        board.record(report("sjc", 801));
        assertThat(board.load("sjc").overloaded()).isTrue();
    }

    @Test
    void aLateOlderReportDoesNotReplaceANewerOne() {
        LoadReport older = report("sjc", 900);
        clock.advance(Duration.ofSeconds(5));
        board.record(report("sjc", 100));
        board.record(older);
        assertThat(board.load("sjc").figure()).isEqualTo(100);
    }
}
