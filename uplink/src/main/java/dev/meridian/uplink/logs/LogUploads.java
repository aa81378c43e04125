package dev.meridian.uplink.logs;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Where and how a node uploads a completed access log file (the protocol is in the package doc). */
public final class LogUploads {
    /** The ingest path's prefix; the customer and the file name follow. */
    public static final String PATH_PREFIX = "/v1/ingest/logs/";
    /** The lower-case hex SHA-256 of the upload's body. */
    public static final String SHA256_HEADER = "X-Meridian-Content-SHA256";
    /** What every line starts with: the request's time follows, {@link #TIME_LENGTH} characters. */
    public static final String LINE_PREFIX = "{\"time\":\"";
    /** {@code 2026-12-07T21:05:34.123Z}: always milliseconds, always UTC, so times compare as text. */
    public static final int TIME_LENGTH = 24;

    private LogUploads() {
    }

    /** {@code /v1/ingest/logs/<customer>/<name>}. */
    public static String path(String customer, LogFileName name) {
        return PATH_PREFIX + customer + "/" + name;
    }

    /** The time a line starts with, or null when the line does not start as every line must. */
    public static String timeOf(byte[] line, int offset, int length) {
        int prefix = LINE_PREFIX.length();
        if (length < prefix + TIME_LENGTH + 1) {
            return null;
        }
        for (int i = 0; i < prefix; i++) {
            if (line[offset + i] != LINE_PREFIX.charAt(i)) {
                return null;
            }
        }
        if (line[offset + prefix + TIME_LENGTH] != '"' || line[offset + prefix + TIME_LENGTH - 1] != 'Z') {
            return null;
        }
        return new String(line, offset + prefix, TIME_LENGTH, StandardCharsets.US_ASCII);
    }

    /** Lower-case hex, as the checksum header carries it. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
