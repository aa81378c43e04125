package dev.meridian.imaging.encode;

import java.io.IOException;
import java.util.Arrays;

/**
 * A JPEG Huffman table as DHT carries it (code counts per length, symbols in code order), with the
 * lookups to decode with it and the codes to encode with it.
 */
final class HuffmanTable {
    final int[] bits;      // bits[1..16]: number of codes of each length
    final int[] values;    // symbols in order of increasing code
    private final int[] maxCode = new int[18];
    private final int[] valueOffset = new int[17];
    final int[] code = new int[256];
    final int[] length = new int[256];

    HuffmanTable(int[] bits, int[] values) {
        this.bits = bits;
        this.values = values;
        int next = 0;
        int k = 0;
        for (int len = 1; len <= 16; len++) {
            valueOffset[len] = k - next;
            for (int i = 0; i < bits[len]; i++) {
                code[values[k]] = next;
                length[values[k]] = len;
                k++;
                next++;
            }
            maxCode[len] = bits[len] == 0 ? -1 : next - 1;
            next <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
    }

    /** Reads one symbol. */
    int decode(BitReader in) throws IOException {
        int c = 0;
        for (int len = 1; len <= 16; len++) {
            c = (c << 1) | in.bit();
            if (c <= maxCode[len]) {
                return values[valueOffset[len] + c];
            }
        }
        throw new IOException("bad Huffman code");
    }

    /**
     * The optimal table for symbol frequencies with no code longer than 16 bits: ITU T.81 Annex K.2, the
     * procedure libjpeg uses when it optimises tables.
     */
    static HuffmanTable optimal(long[] freq) {
        long[] f = new long[257];
        System.arraycopy(freq, 0, f, 0, 256);
        f[256] = 1; // reserves the all-ones code, which JPEG forbids
        int[] codeSize = new int[257];
        int[] others = new int[257];
        Arrays.fill(others, -1);
        while (true) {
            int c1 = -1;
            long v = Long.MAX_VALUE;
            for (int i = 0; i <= 256; i++) {
                if (f[i] != 0 && f[i] <= v) {
                    v = f[i];
                    c1 = i;
                }
            }
            int c2 = -1;
            v = Long.MAX_VALUE;
            for (int i = 0; i <= 256; i++) {
                if (f[i] != 0 && f[i] <= v && i != c1) {
                    v = f[i];
                    c2 = i;
                }
            }
            if (c2 < 0) {
                break;
            }
            f[c1] += f[c2];
            f[c2] = 0;
            codeSize[c1]++;
            while (others[c1] >= 0) {
                c1 = others[c1];
                codeSize[c1]++;
            }
            others[c1] = c2;
            codeSize[c2]++;
            while (others[c2] >= 0) {
                c2 = others[c2];
                codeSize[c2]++;
            }
        }
        int[] count = new int[33];
        for (int i = 0; i <= 256; i++) {
            if (codeSize[i] > 0) {
                count[codeSize[i]]++;
            }
        }
        for (int i = 32; i > 16; i--) {
            while (count[i] > 0) {
                int j = i - 2;
                while (count[j] == 0) {
                    j--;
                }
                count[i] -= 2;
                count[i - 1]++;
                count[j + 1] += 2;
                count[j]--;
            }
        }
        int i = 16;
        while (count[i] == 0) {
            i--;
        }
        count[i]--;
        int[] bits = new int[17];
        System.arraycopy(count, 1, bits, 1, 16);
        int total = 0;
        for (int len = 1; len <= 16; len++) {
            total += bits[len];
        }
        int[] values = new int[total];
        int k = 0;
        for (int len = 1; len <= 32 && k < total; len++) {
            for (int s = 0; s < 256 && k < total; s++) {
                if (codeSize[s] == len) {
                    values[k++] = s;
                }
            }
        }
        return new HuffmanTable(bits, values);
    }
}
