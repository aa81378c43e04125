package dev.meridian.probe.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.meridian.probe.load.LoadReport;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The wire form of a load report, as edges POST it to a GTM server's {@code /v1/load}:
 * {@code {"pop":"sjc","at":"2026-01-01T00:00:00Z","inFlight":3,"requestRate":120.5,"cpu":0.25,"loadFigure":42}}.
 * Bad input is rejected with a message that says what is wrong.
 */
public final class LoadReportJson {
    private record Wire(String pop, String at, Integer inFlight, Double requestRate, Double cpu, Integer loadFigure) {}

    private LoadReportJson() {}

    public static byte[] write(LoadReport r) {
        return ResultJson.write(new Wire(r.pop(), r.at().toString(), r.inFlight(), r.requestRate(), r.cpu(),
                r.loadFigure()));
    }

    /** @throws IllegalArgumentException with a readable reason when the body is not a valid report */
    public static LoadReport read(byte[] body) {
        Wire w;
        try {
            w = ResultJson.JSON.readValue(body, Wire.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a load report: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a load report: " + e.getMessage(), e);
        }
        if (w == null || w.pop() == null || w.at() == null || w.inFlight() == null || w.requestRate() == null
                || w.cpu() == null || w.loadFigure() == null) {
            throw new IllegalArgumentException("load report needs pop, at, inFlight, requestRate, cpu and loadFigure");
        }
        Instant at;
        try {
            at = Instant.parse(w.at());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("load report 'at' is not an ISO-8601 instant: " + w.at());
        }
        return new LoadReport(w.pop(), at, w.inFlight(), w.requestRate(), w.cpu(), w.loadFigure());
    }
}
