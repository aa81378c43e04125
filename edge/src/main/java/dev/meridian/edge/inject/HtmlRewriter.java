package dev.meridian.edge.inject;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Puts the measurement scripts into an HTML document without touching anything else. The start
 * script goes right after the doctype (before it the page would fall into quirks mode), the end
 * script before the last {@code </body>} (else {@code </html>}, else at the end). Pages under
 * {@link #MIN_MEASURED_BYTES} get a padding comment between the two so the measurement spans enough
 * bytes to mean something.
 *
 * <p>The document keeps its charset: ASCII-compatible encodings (UTF-8, the ISO-8859 and Windows
 * families, Shift_JIS, ...) are handled byte for byte through ISO-8859-1, which maps every byte to
 * one char and back unchanged; UTF-16 and UTF-32 are decoded and re-encoded in their own charset.
 */
public final class HtmlRewriter {
    public static final int MIN_MEASURED_BYTES = 1000;

    private final MeasurementScripts scripts;

    public HtmlRewriter(MeasurementScripts scripts) {
        this.scripts = scripts;
    }

    /** The document with both scripts in, encoded in {@code charset} like the input. */
    public byte[] rewrite(byte[] html, Charset charset) {
        Charset working = wide(charset) ? charset : StandardCharsets.ISO_8859_1;
        String doc = new String(html, working);
        int bom = doc.startsWith("\uFEFF") ? 1 : 0;
        if (working == StandardCharsets.ISO_8859_1 && doc.startsWith("\u00EF\u00BB\u00BF")) {
            bom = 3;
        }
        int startAt = afterDoctype(doc, bom);
        int endAt = beforeClosing(doc, startAt);
        int between = doc.substring(startAt, endAt).getBytes(working).length;
        String padding = "";
        if (between < MIN_MEASURED_BYTES) {
            padding = padding(MIN_MEASURED_BYTES - between);
            between += padding.getBytes(working).length;
        }
        String out = doc.substring(0, startAt) + scripts.start() + doc.substring(startAt, endAt) + padding
                + scripts.end(between) + doc.substring(endAt);
        return out.getBytes(working);
    }

    private static boolean wide(Charset charset) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        return name.startsWith("UTF-16") || name.startsWith("UTF-32");
    }

    private static int afterDoctype(String doc, int from) {
        int i = from;
        while (i < doc.length() && Character.isWhitespace(doc.charAt(i))) {
            i++;
        }
        if (doc.regionMatches(true, i, "<!doctype", 0, 9)) {
            int close = doc.indexOf('>', i);
            if (close > 0) {
                return close + 1;
            }
        }
        return from;
    }

    private static int beforeClosing(String doc, int notBefore) {
        String lower = doc.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf("</body");
        if (at < notBefore) {
            at = lower.lastIndexOf("</html");
        }
        return at < notBefore ? doc.length() : at;
    }

    /** An HTML comment of at least {@code bytes} ASCII characters. */
    static String padding(int bytes) {
        String open = "<!-- meridian: padding so the bandwidth measurement spans enough bytes ";
        String close = " -->";
        int fill = Math.max(0, bytes - open.length() - close.length());
        return open + ".".repeat(fill) + close;
    }
}
