package dev.meridian.edge.origin;

import dev.meridian.edge.http.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the heads of informational responses off the bytes of an HTTP/1.1 response as they pass,
 * up to the final response's status line, and reports them ({@link InterimResponses}). Fed by the
 * connection's reads, in whatever pieces they come; once the final status line has passed (or the
 * bytes are not what it can follow), {@link #done} and fed no more. Bounded: a head longer than
 * {@link #MAX_HEAD_BYTES}, or more than {@link #MAX_INTERIM} interim responses, ends the watch (OkHttp
 * then judges the bytes itself).
 */
final class InterimHeads {
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_INTERIM = 8;

    private final InterimResponses listener;
    private final StringBuilder line = new StringBuilder();
    private List<HeaderField> fields;
    private int status;
    private int headBytes;
    private int reported;
    private boolean done;

    InterimHeads(InterimResponses listener) {
        this.listener = listener;
    }

    boolean done() {
        return done;
    }

    /** The next bytes read from the connection. */
    void feed(byte[] b, int off, int len) {
        for (int i = off; i < off + len && !done; i++) {
            byte c = b[i];
            if (++headBytes > MAX_HEAD_BYTES) {
                done = true;
            } else if (c == '\n') {
                endOfLine();
            } else if (c != '\r') {
                line.append((char) (c & 0xff));
            }
        }
    }

    private void endOfLine() {
        String text = line.toString();
        line.setLength(0);
        if (fields == null) {
            statusLine(text);
        } else if (text.isEmpty()) {
            if (status != 100 && status != 101) {
                listener.received(status, List.copyOf(fields));
            }
            fields = null;
            headBytes = 0;
            done = ++reported >= MAX_INTERIM;
        } else {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                done = true;
            } else {
                fields.add(new HeaderField(text.substring(0, colon).trim(), text.substring(colon + 1).trim()));
            }
        }
    }

    /** {@code HTTP/1.1 103 Early Hints}: an interim head follows; any other status is the final one. */
    private void statusLine(String text) {
        String[] parts = text.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3 || parts[1].charAt(0) != '1') {
            done = true;
            return;
        }
        try {
            status = Integer.parseInt(parts[1]);
            fields = new ArrayList<>();
        } catch (NumberFormatException e) {
            done = true;
        }
    }
}
