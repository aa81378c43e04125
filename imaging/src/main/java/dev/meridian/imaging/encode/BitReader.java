package dev.meridian.imaging.encode;

import java.io.IOException;

/** Reads entropy-coded JPEG data bit by bit, removing byte stuffing; stops at a marker. */
final class BitReader {
    private final byte[] data;
    private int pos;
    private int current;
    private int left;

    BitReader(byte[] data, int start) {
        this.data = data;
        this.pos = start;
    }

    int bit() throws IOException {
        if (left == 0) {
            if (pos >= data.length) {
                throw new IOException("entropy data runs past the end");
            }
            current = data[pos++] & 0xff;
            if (current == 0xFF) {
                int next = pos < data.length ? data[pos] & 0xff : -1;
                if (next != 0x00) {
                    throw new IOException("marker inside entropy data");
                }
                pos++;
            }
            left = 8;
        }
        left--;
        return (current >> left) & 1;
    }

    int bits(int n) throws IOException {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | bit();
        }
        return v;
    }

    /** A coefficient of n magnitude bits, sign-extended the JPEG way (F.2.2.1). */
    int extended(int n) throws IOException {
        if (n == 0) {
            return 0;
        }
        int v = bits(n);
        return v < (1 << (n - 1)) ? v - (1 << n) + 1 : v;
    }
}
