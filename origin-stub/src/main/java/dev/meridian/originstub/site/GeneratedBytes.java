package dev.meridian.originstub.site;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A download body generated on the fly: a one-line text header naming the file and content version,
 * then pseudo-random bytes from a seed. The same name, size and version always give the same bytes,
 * and a 50 MB file costs no memory.
 */
final class GeneratedBytes implements Body {
    private final byte[] header;
    private final long length;
    private final long seed;

    GeneratedBytes(String name, long length, int version) {
        byte[] line = ("meridian-origin-stub " + name + " content-version=" + version + "\n").getBytes(StandardCharsets.US_ASCII);
        this.header = line.length <= length ? line : Arrays.copyOf(line, (int) length);
        this.length = length;
        this.seed = name.hashCode() * 31L + version;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public InputStream open() {
        return new Stream();
    }

    private final class Stream extends InputStream {
        private final SplittableRandom random = new SplittableRandom(seed);
        private long position;
        private long word;
        private int wordBytesLeft;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = position + i < header.length ? header[(int) (position + i)] : nextRandomByte();
            }
            position += n;
            return n;
        }

        private byte nextRandomByte() {
            if (wordBytesLeft == 0) {
                word = random.nextLong();
                wordBytesLeft = 8;
            }
            byte out = (byte) word;
            word >>>= 8;
            wordBytesLeft--;
            return out;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, length - position);
        }
    }
}
