package dev.meridian.edge.accesslog;

import dev.meridian.edge.cache.CacheStatus;
import dev.meridian.uplink.logs.LogUploads;

/**
 * One request as a line of a customer's access log file: a JSON object (the format is documented in
 * {@code uplink.logs}), the time first. What a client controls (path, query, Referer, User-Agent) is
 * escaped so it can neither end the line nor close its string, and cut to a bound, so a line never
 * exceeds {@link dev.meridian.core.config.AccessLogsConfig#MAX_LINE_BYTES} even in UTF-8.
 */
final class AccessLogLine {
    static final int MAX_PATH = 1024;
    static final int MAX_QUERY = 1024;
    static final int MAX_REFERER = 1024;
    static final int MAX_USER_AGENT = 512;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AccessLogLine() {
    }

    /** The fields of one request; strings may be null (written as JSON null). */
    record Request(long epochMillis, String pop, String client, String method, String host, String path, String query,
                   int status, long bytes, CacheStatus cache, long totalMillis, long originMillis, String referer,
                   String userAgent) {
    }

    /** The line, without its line feed. */
    static String format(Request r, LogTime time) {
        StringBuilder out = new StringBuilder(256 + length(r.path()) + length(r.userAgent()) + length(r.referer()));
        out.append(LogUploads.LINE_PREFIX);
        time.append(out, r.epochMillis());
        out.append("\",\"pop\":");
        string(out, r.pop(), 64);
        out.append(",\"client\":");
        string(out, r.client(), 64);
        out.append(",\"method\":");
        string(out, r.method(), 32);
        out.append(",\"host\":");
        string(out, r.host(), 256);
        out.append(",\"path\":");
        string(out, r.path(), MAX_PATH);
        out.append(",\"query\":");
        string(out, r.query() == null || r.query().isEmpty() ? null : r.query(), MAX_QUERY);
        out.append(",\"status\":").append(r.status())
                .append(",\"bytes\":").append(r.bytes())
                .append(",\"cache\":\"").append(r.cache().name())
                .append("\",\"ms\":").append(r.totalMillis())
                .append(",\"originMs\":");
        if (r.originMillis() < 0) {
            out.append("null");
        } else {
            out.append(r.originMillis());
        }
        out.append(",\"referer\":");
        string(out, r.referer(), MAX_REFERER);
        out.append(",\"userAgent\":");
        string(out, r.userAgent(), MAX_USER_AGENT);
        return out.append('}').toString();
    }

    private static int length(String s) {
        return s == null ? 0 : Math.min(s.length(), 1024);
    }

    /**
     * A JSON string of at most about {@code max} characters of output. Beyond JSON's must-escapes this
     * escapes DEL, the C1 controls (NEL ends a line for some readers), the Unicode line and paragraph
     * separators and surrogates, so the line stays one line for every reader and valid UTF-8.
     */
    static void string(StringBuilder out, String value, int max) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int limit = out.length() + max;
        for (int i = 0; i < value.length() && out.length() < limit; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
