package dev.meridian.imaging.encode;

import java.io.ByteArrayOutputStream;

/** Writes entropy-coded JPEG data, stuffing a zero after every 0xFF byte. */
final class BitWriter {
    private final ByteArrayOutputStream out;
    private long buffer;
    private int count;

    BitWriter(ByteArrayOutputStream out) {
        this.out = out;
    }

    void write(int value, int n) {
        if (n == 0) {
            return;
        }
        buffer = (buffer << n) | (value & ((1L << n) - 1));
        count += n;
        while (count >= 8) {
            int b = (int) (buffer >> (count - 8)) & 0xff;
            out.write(b);
            if (b == 0xFF) {
                out.write(0);
            }
            count -= 8;
        }
    }

    /** Pads the last byte with one bits, as the standard asks. */
    void flush() {
        if (count > 0) {
            write(0x7F, 8 - count);
        }
    }
}
