package dev.meridian.core.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemLoadTest {
    private static final String MEMINFO = """
            MemTotal:       16316412 kB
            MemFree:         1234567 kB
            SwapCached:        10240 kB
            SwapTotal:       2097148 kB
            SwapFree:        1893372 kB
            """;

    @Test
    void figureIsTenTimesLoadAveragePlusSwapUsedInMb(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loadavg"), "1.50 0.80 0.40 2/345 6789\n");
        Files.writeString(dir.resolve("meminfo"), MEMINFO);
        // 10 x 1.5 + (2097148 - 1893372) kB / 1024 = 15 + 199
        assertThat(new SystemLoad(dir.resolve("loadavg"), dir.resolve("meminfo")).loadFigure()).isEqualTo(214);
    }

    @Test
    void parsesProcFiles() {
        assertThat(SystemLoad.parseLoadAverage("0.25 0.10 0.05 1/100 42")).hasValue(0.25);
        assertThat(SystemLoad.parseLoadAverage("garbage")).isEmpty();
        assertThat(SystemLoad.parseSwapUsedMb(MEMINFO)).hasValue(199);
        assertThat(SystemLoad.parseSwapUsedMb("MemTotal: 1 kB")).isEmpty();
    }

    @Test
    void unknownWhenEitherPartIsMissing() {
        assertThat(SystemLoad.figure(OptionalDouble.empty(), OptionalLong.of(10))).isEqualTo(SystemLoad.UNKNOWN_FIGURE);
        assertThat(SystemLoad.figure(OptionalDouble.of(1), OptionalLong.empty())).isEqualTo(SystemLoad.UNKNOWN_FIGURE);
    }

    @Test
    void thisHostHasAFigure() {
        int figure = SystemLoad.ofHost().loadFigure();
        assertThat(figure).isGreaterThanOrEqualTo(0);
        assertThat(SystemLoad.ofHost().cpu()).isBetween(0.0, 1.0);
    }
}
