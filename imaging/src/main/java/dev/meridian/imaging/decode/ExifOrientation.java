package dev.meridian.imaging.decode;

/**
 * Reads the EXIF orientation tag (0x0112) straight from a JPEG's APP1 segment, so the image need not be
 * decoded and no metadata library is needed. Anything malformed reads as 1 (as stored): orientation
 * is a presentation hint, never a reason to refuse an image.
 */
public final class ExifOrientation {
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    public static int of(byte[] jpeg) {
        return JpegHeader.read(jpeg).orientation();
    }

    /** The orientation in an APP1 segment body (from {@code body} to {@code end}), or 0 if it has none. */
    static int inApp1(byte[] jpeg, int body, int end) {
        if (end - body >= 6 && jpeg[body] == 'E' && jpeg[body + 1] == 'x' && jpeg[body + 2] == 'i'
                && jpeg[body + 3] == 'f' && jpeg[body + 4] == 0 && jpeg[body + 5] == 0) {
            return fromTiff(jpeg, body + 6, end);
        }
        return 0;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 0;
        }
        boolean bigEndian;
        if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return 0;
        }
        long ifd = u32(b, tiff + 4, bigEndian);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return 0;
        }
        int entries = tiff + (int) ifd;
        int count = u16(b, entries, bigEndian);
        for (int i = 0; i < count; i++) {
            int entry = entries + 2 + i * 12;
            if (entry + 12 > end) {
                return 0;
            }
            if (u16(b, entry, bigEndian) == TAG_ORIENTATION) {
                int value = u16(b, entry + 8, bigEndian);
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int u16(byte[] b, int at, boolean bigEndian) {
        int hi = b[at] & 0xff;
        int lo = b[at + 1] & 0xff;
        return bigEndian ? hi << 8 | lo : lo << 8 | hi;
    }

    private static long u32(byte[] b, int at, boolean bigEndian) {
        long a = u16(b, at, bigEndian);
        long c = u16(b, at + 2, bigEndian);
        return bigEndian ? a << 16 | c : c << 16 | a;
    }
}
