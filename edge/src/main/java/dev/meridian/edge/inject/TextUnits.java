package dev.meridian.edge.inject;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a document's charset lays out the ASCII characters HTML markup is made of, so markup can be
 * found and scripts added without decoding the text. ASCII-compatible charsets (UTF-8, the
 * ISO-8859 and Windows families, Shift_JIS, ...) store each ASCII character as that one byte and
 * never use those bytes inside a multi-byte character's lead; UTF-16 and UTF-32 store it as one
 * 2- or 4-byte unit in their byte order. Other charsets (EBCDIC, UTF-7, ...) are not handled.
 */
final class TextUnits {
    private static final String MARKUP = "<!doctype html></body></html> \t\r\n\f-.";
    private static final int[] UTF_8_BOM = {0xEF, 0xBB, 0xBF};

    private final int width;
    private final boolean bigEndian;
    private final Charset encoder;

    private TextUnits(int width, boolean bigEndian, Charset encoder) {
        this.width = width;
        this.bigEndian = bigEndian;
        this.encoder = encoder;
    }

    /** Whether documents in {@code charset} can be handled at all. */
    static boolean supported(Charset charset) {
        return wideWidth(charset) > 0 || asciiCompatible(charset);
    }

    /**
     * The layout of a document in {@code charset} whose first bytes are {@code head}, as a browser reads
     * it (WHATWG encoding sniffing): a UTF-8 or UTF-16 byte order mark decides whatever the charset says;
     * without one, UTF-16 with no stated byte order is little-endian (the label means UTF-16LE to
     * browsers, though Java's decoder reads big-endian). UTF-32, which browsers do not read, follows its
     * mark or else is big-endian, as its decoder reads it. Null when the charset is not {@link #supported}.
     */
    static TextUnits of(Charset charset, byte[] head, int headLength) {
        int wide = wideWidth(charset);
        String name = charset.name().toUpperCase(Locale.ROOT);
        if (wide == 4) {
            boolean big = name.contains("BE") || (!name.contains("LE") && !startsWith(head, headLength, 0xFF, 0xFE));
            return new TextUnits(4, big, Charset.forName(big ? "UTF-32BE" : "UTF-32LE"));
        }
        if (startsWith(head, headLength, UTF_8_BOM)) {
            return new TextUnits(1, true, StandardCharsets.UTF_8);
        }
        if (startsWith(head, headLength, 0xFE, 0xFF)) {
            return new TextUnits(2, true, StandardCharsets.UTF_16BE);
        }
        if (startsWith(head, headLength, 0xFF, 0xFE)) {
            return new TextUnits(2, false, StandardCharsets.UTF_16LE);
        }
        if (wide == 0) {
            return asciiCompatible(charset) ? new TextUnits(1, true, charset) : null;
        }
        boolean big = name.contains("BE");
        return new TextUnits(2, big, big ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
    }

    /** Whether the first {@code length} bytes of {@code b} begin with {@code mark}. */
    private static boolean startsWith(byte[] b, int length, int... mark) {
        if (length < mark.length) {
            return false;
        }
        for (int i = 0; i < mark.length; i++) {
            if ((b[i] & 0xff) != mark[i]) {
                return false;
            }
        }
        return true;
    }

    private static int wideWidth(Charset charset) {
        String name = charset.name().toUpperCase(Locale.ROOT);
        return name.contains("UTF-16") ? 2 : name.contains("UTF-32") ? 4 : 0;
    }

    private static boolean asciiCompatible(Charset charset) {
        return charset.canEncode() && Arrays.equals(MARKUP.getBytes(charset), MARKUP.getBytes(StandardCharsets.US_ASCII));
    }

    /** Bytes per unit. */
    int width() {
        return width;
    }

    /** The code of the unit at {@code i} (a unit boundary). */
    int code(byte[] b, int i) {
        if (width == 1) {
            return b[i] & 0xff;
        }
        int c = 0;
        for (int k = 0; k < width; k++) {
            int at = bigEndian ? i + k : i + width - 1 - k;
            c = (c << 8) | (b[at] & 0xff);
        }
        return c;
    }

    /** Length of the byte order mark the document starts with (0 if none, or not yet known from {@code length} bytes). */
    int bom(byte[] b, int length) {
        if (width == 1) {
            return startsWith(b, length, UTF_8_BOM) ? 3 : 0;
        }
        return length >= width && code(b, 0) == 0xFEFF ? width : 0;
    }

    /** Whether the units from {@code i} spell {@code lowerAscii}, ignoring ASCII case; false if they run past {@code end}. */
    boolean matches(byte[] b, int i, int end, String lowerAscii) {
        if (i + lowerAscii.length() * width > end) {
            return false;
        }
        for (int k = 0; k < lowerAscii.length(); k++) {
            int c = code(b, i + k * width);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerAscii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the units from {@code i} to {@code end} are a beginning of {@code lowerAscii}
     * (ignoring case): more bytes might complete it.
     */
    boolean couldStart(byte[] b, int i, int end, String lowerAscii) {
        int units = Math.min(lowerAscii.length(), (end - i) / width);
        return units < lowerAscii.length() && matches(b, i, i + units * width, lowerAscii.substring(0, units));
    }

    /**
     * Index of the last {@code lowerAscii} (ignoring case) starting at a unit boundary in
     * [{@code from}, {@code end}), or -1. Unit boundaries are counted from index 0.
     */
    int lastIndexOf(byte[] b, int from, int end, String lowerAscii) {
        int i = end - lowerAscii.length() * width;
        i -= Math.floorMod(i, width);
        for (; i >= from; i -= width) {
            if (matches(b, i, end, lowerAscii)) {
                return i;
            }
        }
        return -1;
    }

    static boolean whitespace(int code) {
        return code == ' ' || code == '\t' || code == '\n' || code == '\r' || code == '\f';
    }

    /** {@code text} in the document's charset and byte order, without a byte order mark. */
    byte[] encode(String text) {
        return text.getBytes(encoder);
    }
}
