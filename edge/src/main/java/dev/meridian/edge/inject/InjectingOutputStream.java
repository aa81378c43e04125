package dev.meridian.edge.inject;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Puts the measurement scripts into an HTML document written through it, as the document passes,
 * in bounded memory: a tag split across two writes is still found, because the last few bytes are
 * held back until the next write (or the end) shows what they are.
 *
 * <p>Placement: the start script goes right after a leading doctype (before it the page would fall
 * into quirks mode), else at the very start (after a byte order mark). The end script goes before
 * the last {@code </body} (else the last {@code </html}) of the document, else at the end; to know
 * which one is the last, the bytes from a closing tag on are held back, up to {@link #TAIL_LIMIT}
 * bytes: a closing tag followed by more than that is not the end of the page. When fewer than
 * {@link HtmlRewriter#MIN_MEASURED_BYTES} lie between the two scripts, a padding comment makes up
 * the difference. {@link #close} writes the end script and closes the underlying stream.
 */
final class InjectingOutputStream extends OutputStream {
    /** Bytes looked at to find the byte order mark, leading whitespace and the doctype. */
    static final int HEAD_LIMIT = 4 * 1024;
    /** Bytes held back after a closing tag that may be the document's last. */
    static final int TAIL_LIMIT = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final String DOCTYPE = "<!doctype";
    static final String BODY_END = "</body";
    static final String HTML_END = "</html";

    private final OutputStream out;
    private final MeasurementScripts scripts;
    private final Charset charset;
    private TextUnits units;
    /** Bytes not written yet; index 0 is always at a unit boundary of the document. */
    private byte[] pending = new byte[1024];
    private int length;
    /** pending[0, scanned) has been searched for closing tags. */
    private int scanned;
    /** Where in pending the held-back closing tag starts, or -1. */
    private int anchor = -1;
    private boolean anchorIsBody;
    private boolean started;
    /** Bytes written after the start script. */
    private long between;
    private boolean closed;

    /** @param charset the document's charset; must be one {@link TextUnits#supported} */
    InjectingOutputStream(OutputStream out, MeasurementScripts scripts, Charset charset) {
        if (!TextUnits.supported(charset)) {
            throw new IllegalArgumentException("charset " + charset + " is not ASCII-compatible, UTF-16 or UTF-32");
        }
        this.out = out;
        this.scripts = scripts;
        this.charset = charset;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            if (length + n > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(length + n, Math.min(2 * pending.length, TAIL_LIMIT + HEAD_LIMIT + CHUNK)));
            }
            System.arraycopy(b, off, pending, length, n);
            length += n;
            off += n;
            len -= n;
            process(false);
        }
    }

    /** Writes on what can be written; what is held back stays (a doctype being read, a possible last closing tag). */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        process(true);
        emit(anchor >= 0 ? anchor : length);
        if (between < HtmlRewriter.MIN_MEASURED_BYTES) {
            byte[] padding = units.encode(HtmlRewriter.padding((int) (HtmlRewriter.MIN_MEASURED_BYTES - between)));
            out.write(padding);
            between += padding.length;
        }
        out.write(units.encode(scripts.end(between)));
        emit(length);
        out.close();
    }

    private void process(boolean end) throws IOException {
        if (!started) {
            if (units == null) {
                if (length < 4 && !end) {
                    return;
                }
                units = TextUnits.of(charset, pending, length);
            }
            int at = startInsertion(units, pending, length, end || length >= HEAD_LIMIT);
            if (at < 0) {
                return;
            }
            emit(at);
            out.write(units.encode(scripts.start()));
            started = true;
        }
        scan();
        if (end) {
            return;
        }
        if (anchor >= 0) {
            emit(anchor);
            if (length > TAIL_LIMIT) {
                // Too much follows this tag for it to be the document's last: let it go.
                anchor = -1;
                anchorIsBody = false;
            }
        }
        if (anchor < 0) {
            int n = length - (BODY_END.length() - 1) * units.width();
            emit(n - Math.floorMod(n, units.width()));
        }
    }

    /**
     * Where the start script goes in a document that begins with {@code head[0, length)}, or -1
     * while those bytes cannot tell (never when {@code mustDecide}).
     */
    static int startInsertion(TextUnits units, byte[] head, int length, boolean mustDecide) {
        int w = units.width();
        int bom = units.bom(head, length);
        int i = bom;
        while (i + w <= length && TextUnits.whitespace(units.code(head, i))) {
            i += w;
        }
        if (units.matches(head, i, length, DOCTYPE)) {
            for (int j = i + DOCTYPE.length() * w; j + w <= Math.min(length, HEAD_LIMIT); j += w) {
                if (units.code(head, j) == '>') {
                    return j + w;
                }
            }
            return mustDecide ? bom : -1;
        }
        if (i + w > length || units.couldStart(head, i, length, DOCTYPE)) {
            return mustDecide ? bom : -1;
        }
        return bom;
    }

    /** Looks for closing tags in what arrived since the last scan (and a tag split across the boundary). */
    private void scan() {
        int w = units.width();
        int from = Math.max(0, scanned - (BODY_END.length() - 1) * w);
        from -= Math.floorMod(from, w);
        int body = units.lastIndexOf(pending, from, length, BODY_END);
        if (body >= 0) {
            anchor = body;
            anchorIsBody = true;
        } else if (!anchorIsBody) {
            int html = units.lastIndexOf(pending, from, length, HTML_END);
            if (html >= 0) {
                anchor = html;
            }
        }
        scanned = length;
    }

    /** Writes the first {@code n} pending bytes. */
    private void emit(int n) throws IOException {
        if (n <= 0) {
            return;
        }
        out.write(pending, 0, n);
        if (started) {
            between += n;
        }
        System.arraycopy(pending, n, pending, 0, length - n);
        length -= n;
        scanned = Math.max(0, scanned - n);
        if (anchor >= 0) {
            anchor -= n;
        }
    }
}
