package dev.meridian.console.report;

import java.time.Instant;
import java.util.Arrays;

/**
 * One count per minute of a window, every minute present: a minute nobody reported is a zero, so a
 * chart drawn from it never joins the minutes either side of a gap.
 */
public record MinuteSeries(Instant start, long[] counts) {
    public MinuteSeries {
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public int size() {
        return counts.length;
    }

    public long count(int minute) {
        return counts[minute];
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    /** Per second over each minute (a count per minute / 60), as a chart plots it. */
    public double[] perSecond(double factor) {
        double[] rates = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            rates[i] = counts[i] * factor / 60.0;
        }
        return rates;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MinuteSeries that && start.equals(that.start) && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
        return start.hashCode() * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "MinuteSeries[" + start + ", " + counts.length + " minutes, total " + total() + "]";
    }
}
