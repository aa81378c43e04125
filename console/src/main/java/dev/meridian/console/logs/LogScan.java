package dev.meridian.console.logs;

import dev.meridian.uplink.logs.LogUploads;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads an uploaded file through once: it must be gzip, every line must start with its time (see
 * {@code uplink.logs}) and end with a line feed, no line may be longer than a line can be, and the
 * whole may not inflate beyond what one file can hold (a small upload cannot unpack into gigabytes).
 * Yields the line count and the earliest and latest time.
 */
final class LogScan {
    private static final int HEAD = LogUploads.LINE_PREFIX.length() + LogUploads.TIME_LENGTH + 1;
    private static final int TIME_AT = LogUploads.LINE_PREFIX.length();

    /** What a valid file holds. */
    record Summary(long lines, Instant first, Instant last) {
    }

    /** Why a file is refused. */
    static final class InvalidLogFile extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidLogFile(String message) {
            super(message);
        }
    }

    private LogScan() {
    }

    static Summary scan(Path file, long maxInflated, int maxLine) throws IOException, InvalidLogFile {
        byte[] head = new byte[HEAD];
        byte[] min = null;
        byte[] max = null;
        long lines = 0;
        long total = 0;
        int pos = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxInflated) {
                    throw new InvalidLogFile("inflates beyond " + maxInflated + " bytes");
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        if (pos < HEAD || LogUploads.timeOf(head, 0, HEAD) == null) {
                            throw new InvalidLogFile("line " + (lines + 1) + " does not start with its time");
                        }
                        if (min == null || Arrays.compare(head, TIME_AT, TIME_AT + LogUploads.TIME_LENGTH, min, 0,
                                LogUploads.TIME_LENGTH) < 0) {
                            min = Arrays.copyOfRange(head, TIME_AT, TIME_AT + LogUploads.TIME_LENGTH);
                        }
                        if (max == null || Arrays.compare(head, TIME_AT, TIME_AT + LogUploads.TIME_LENGTH, max, 0,
                                LogUploads.TIME_LENGTH) > 0) {
                            max = Arrays.copyOfRange(head, TIME_AT, TIME_AT + LogUploads.TIME_LENGTH);
                        }
                        lines++;
                        pos = 0;
                        continue;
                    }
                    if (pos < HEAD) {
                        head[pos] = b;
                    }
                    if (++pos > maxLine) {
                        throw new InvalidLogFile("line " + (lines + 1) + " is longer than " + maxLine + " bytes");
                    }
                }
            }
        } catch (ZipException | EOFException e) {
            throw new InvalidLogFile("not a complete gzip file: " + e.getMessage());
        }
        if (pos != 0) {
            throw new InvalidLogFile("the last line has no line feed");
        }
        if (lines == 0) {
            throw new InvalidLogFile("no lines");
        }
        try {
            return new Summary(lines, Instant.parse(new String(min, StandardCharsets.US_ASCII)),
                    Instant.parse(new String(max, StandardCharsets.US_ASCII)));
        } catch (DateTimeParseException e) {
            throw new InvalidLogFile("not a time: " + e.getParsedString());
        }
    }
}
