package dev.meridian.edge.inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * Puts the measurement scripts into HTML documents without touching anything else, whole or as
 * they stream (see {@link InjectingOutputStream} for where the scripts go). Pages under
 * {@link #MIN_MEASURED_BYTES} get a padding comment between the two so the measurement spans
 * enough bytes to mean something.
 *
 * <p>The document keeps its charset: ASCII-compatible encodings (UTF-8, the ISO-8859 and Windows
 * families, Shift_JIS, ...) are handled byte for byte; UTF-16 and UTF-32 unit by unit in their own
 * byte order (see {@link TextUnits}).
 */
public final class HtmlRewriter {
    public static final int MIN_MEASURED_BYTES = 1000;

    private final MeasurementScripts scripts;

    public HtmlRewriter(MeasurementScripts scripts) {
        this.scripts = scripts;
    }

    MeasurementScripts scripts() {
        return scripts;
    }

    /** Whether documents in {@code charset} can be rewritten. */
    public static boolean supports(Charset charset) {
        return TextUnits.supported(charset);
    }

    /** The document with both scripts in, encoded in {@code charset} like the input (which it must be {@link #supports}). */
    public byte[] rewrite(byte[] html, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(html.length + 4096);
        try (OutputStream in = injecting(out, charset)) {
            in.write(html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toByteArray();
    }

    /**
     * A stream that writes the document written to it to {@code out} with both scripts in; closing
     * it writes the end script and closes {@code out}.
     */
    public OutputStream injecting(OutputStream out, Charset charset) {
        return new InjectingOutputStream(out, scripts, charset);
    }

    /** An HTML comment of at least {@code bytes} ASCII characters. */
    static String padding(int bytes) {
        String open = "<!-- meridian: padding so the bandwidth measurement spans enough bytes ";
        String close = " -->";
        int fill = Math.max(0, bytes - open.length() - close.length());
        return open + ".".repeat(fill) + close;
    }
}
