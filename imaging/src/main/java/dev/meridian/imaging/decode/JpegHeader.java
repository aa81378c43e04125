package dev.meridian.imaging.decode;

/**
 * What a JPEG's marker segments before the first scan say, read in one pass without a decoder.
 *
 * @param orientation EXIF orientation 1..8 (1 when absent or unreadable)
 * @param components  colour components in the frame header (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK; 0 if no frame header)
 * @param iccProfile  whether an APP2 ICC profile is embedded
 * @param adobe       whether an Adobe APP14 segment (colour transform flag) is present
 */
public record JpegHeader(int orientation, int components, boolean iccProfile, boolean adobe) {

    public static JpegHeader read(byte[] jpeg) {
        int orientation = 0;
        int components = 0;
        boolean icc = false;
        boolean adobe = false;
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            int length = (jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff);
            if (length < 2) {
                break;
            }
            int body = pos + 4;
            int end = Math.min(jpeg.length, pos + 2 + length);
            if (marker == 0xE1 && orientation == 0) {
                orientation = ExifOrientation.inApp1(jpeg, body, end);
            } else if (marker == 0xE2 && end - body >= 12 && startsWith(jpeg, body, "ICC_PROFILE")) {
                icc = true;
            } else if (marker == 0xEE && end - body >= 5 && startsWith(jpeg, body, "Adobe")) {
                adobe = true;
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                    && body + 5 < end) {
                components = jpeg[body + 5] & 0xff;
            }
            pos += 2 + length;
        }
        return new JpegHeader(orientation == 0 ? 1 : orientation, components, icc, adobe);
    }

    /**
     * Whether the JDK's own decoder renders this file exactly: plain YCbCr or gray with no profile to
     * convert. It is about twice as fast as TwelveMonkeys, which wraps it to add CMYK, YCCK and ICC handling.
     */
    public boolean plain() {
        return (components == 1 || components == 3) && !iccProfile && !adobe;
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
