package dev.meridian.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes written the way people write it in config: {@code 512KB}, {@code 10GiB}, {@code 4096}. */
public record ByteSize(long bytes) {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?i?b?)?");

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofMegabytes(long mb) {
        return new ByteSize(mb * 1024 * 1024);
    }

    /** Parses a size; binary multiples throughout (1KB = 1024 bytes), as caches are sized in pages. */
    public static ByteSize parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size (examples: 4096, 512KB, 64MB, 10GiB)");
        }
        String unit = m.group(2) == null ? "" : m.group(2).replace("i", "").replace("b", "");
        long multiplier = switch (unit) {
            case "" -> 1L;
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> throw new IllegalArgumentException("unknown size unit " + m.group(2));
        };
        double value = Double.parseDouble(m.group(1)) * multiplier;
        if (value > Long.MAX_VALUE) {
            throw new IllegalArgumentException("size too large");
        }
        return new ByteSize((long) value);
    }

    @Override
    public String toString() {
        return bytes + "B";
    }
}
