package dev.meridian.uplink.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A completed access log file's name, {@code <pop>-<yyyyMMddTHHmmssZ>-<seq>.log.gz}: the POP that wrote
 * it, when it was opened (UTC, to the second) and a sequence number that keeps two files opened in the
 * same second apart. Names of one POP sort by time.
 */
public record LogFileName(String pop, Instant opened, int seq) implements Comparable<LogFileName> {
    /** Node and customer ids: lower-case letters, digits and '-', as the config allows them. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final String SUFFIX = ".log.gz";
    public static final int MAX_SEQ = 999_999;
    private static final Pattern NAME = Pattern.compile("(" + ID.pattern() + ")-(\\d{8}T\\d{6}Z)-(\\d{6})\\.log\\.gz");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public LogFileName {
        if (!ID.matcher(pop).matches()) {
            throw new IllegalArgumentException("not a node id: " + pop);
        }
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
        opened = opened.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The name, if {@code text} is one; anything else (paths, other suffixes, odd characters) is empty. */
    public static Optional<LogFileName> parse(String text) {
        Matcher m = NAME.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Instant opened = TIME.parse(m.group(2), Instant::from);
            return Optional.of(new LogFileName(m.group(1), opened, Integer.parseInt(m.group(3))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return pop + "-" + TIME.format(opened) + "-" + String.format(Locale.ROOT, "%06d", seq) + SUFFIX;
    }

    @Override
    public int compareTo(LogFileName other) {
        int byTime = opened.compareTo(other.opened);
        if (byTime != 0) {
            return byTime;
        }
        int bySeq = Integer.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : pop.compareTo(other.pop);
    }
}
