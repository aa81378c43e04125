package dev.meridian.probe.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.probe.load.LoadReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The load report's wire form: what an edge writes is what a GTM server reads. */
class LoadReportJsonTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReportRoundTrips() {
        LoadReport r = new LoadReport("sjc", Instant.parse("2026-01-01T00:00:00.250Z"), 3, 120.5, 0.25, 42);
        assertThat(LoadReportJson.read(LoadReportJson.write(r))).isEqualTo(r);
    }

    @Test
    void theWireFormIsTheDocumentedOne() {
        LoadReport r = new LoadReport("sjc", Instant.parse("2026-01-01T00:00:00Z"), 3, 120.5, 0.25, 42);
        assertThat(new String(LoadReportJson.write(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"pop\":\"sjc\",\"at\":\"2026-01-01T00:00:00Z\",\"inFlight\":3,\"requestRate\":120.5,\"cpu\":0.25,"
                        + "\"loadFigure\":42}");
    }

    @Test
    void badInputIsRejectedClearly() {
        assertThatThrownBy(() -> LoadReportJson.read(utf8("{\"pop\":\"sjc\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs pop, at");
        assertThatThrownBy(() -> LoadReportJson.read(utf8("nonsense")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a load report");
        assertThatThrownBy(() -> LoadReportJson.read(utf8("{\"pop\":\"sjc\",\"at\":\"yesterday\",\"inFlight\":1,"
                + "\"requestRate\":1,\"cpu\":0.1,\"loadFigure\":1}")))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> LoadReportJson.read(utf8("{\"pop\":\"sjc\",\"at\":\"2026-01-01T00:00:00Z\",\"inFlight\":-1,"
                + "\"requestRate\":1,\"cpu\":0.1,\"loadFigure\":1}")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> LoadReportJson.read(utf8("{\"pop\":\"sjc\",\"at\":\"2026-01-01T00:00:00Z\",\"inFlight\":1,"
                + "\"requestRate\":1,\"cpu\":0.1,\"loadFigure\":1,\"extra\":true}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a load report");
    }
}
