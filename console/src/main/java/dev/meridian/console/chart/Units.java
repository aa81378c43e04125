package dev.meridian.console.chart;

import java.util.Locale;

/** Figures as the portal writes them next to charts and in tables. */
public final class Units {
    private static final String[] BYTES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Units() {
    }

    /** Bytes with an SI prefix and three significant digits at most, e.g. "12.3 GB", "512 B". */
    public static String bytes(long bytes) {
        int power = 0;
        double value = bytes;
        while (value >= 999.5 && power < BYTES.length - 1) {
            value /= 1000;
            power++;
        }
        if (power == 0) {
            return bytes + " B";
        }
        String digits = value >= 99.95 ? "%.0f" : value >= 9.995 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits, value) + " " + BYTES[power];
    }

    /** A count with thousands separators, e.g. "1,234,567". */
    public static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** A ratio as a percentage with one decimal, e.g. "87.5 %". */
    public static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }
}
