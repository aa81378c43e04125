package dev.meridian.imaging.encode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a baseline JPEG as a progressive one with Meridian's {@link ScanScript}, losslessly: the
 * quantised coefficients are entropy-decoded and re-encoded scan by scan with optimal Huffman tables,
 * as jpegtran does. It exists because the JDK's writer cannot take a custom scan script (its native
 * code throws NullPointerException whenever one is given), and the script decides what the first layer
 * of layered delivery looks like.
 *
 * <p>Only what {@link JpegEncoder} produces is accepted: 8-bit baseline (SOF0), no restart intervals.
 */
final class ProgressiveTranscoder {
    private ProgressiveTranscoder() {
    }

    private static final class Component {
        int id;
        int h;
        int v;
        int dcTable;
        int acTable;
        int blocksPerLine;  // in the padded (MCU) grid
        int blockLines;
        int blocksWide;     // blocks that hold image data: what a non-interleaved scan covers
        int blocksHigh;
        short[] coefficients; // 64 per block, zig-zag order
    }

    static byte[] transcode(byte[] jpeg, ScanScript script) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
        out.write(0xFF);
        out.write(0xD8);
        HuffmanTable[] dc = new HuffmanTable[4];
        HuffmanTable[] ac = new HuffmanTable[4];
        List<Component> components = new ArrayList<>();
        int width = 0;
        int height = 0;
        byte[] frameHeader = null;
        int pos = 2;
        while (true) {
            if (pos + 4 > jpeg.length || (jpeg[pos] & 0xff) != 0xFF) {
                throw new IOException("marker expected at " + pos);
            }
            int marker = jpeg[pos + 1] & 0xff;
            int length = (jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff);
            int body = pos + 4;
            int next = pos + 2 + length;
            if (marker == 0xC0) {
                frameHeader = Arrays.copyOfRange(jpeg, pos, next);
                height = u16(jpeg, body + 1);
                width = u16(jpeg, body + 3);
                int n = jpeg[body + 5] & 0xff;
                for (int i = 0; i < n; i++) {
                    Component c = new Component();
                    c.id = jpeg[body + 6 + i * 3] & 0xff;
                    c.h = (jpeg[body + 7 + i * 3] & 0xff) >> 4;
                    c.v = jpeg[body + 7 + i * 3] & 0x0f;
                    components.add(c);
                }
            } else if (marker >= 0xC1 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                throw new IOException("only baseline input is transcoded");
            } else if (marker == 0xDD) {
                throw new IOException("restart intervals are not supported");
            } else if (marker == 0xC4) {
                for (int p = body; p < next; ) {
                    int tc = (jpeg[p] & 0xff) >> 4;
                    int th = jpeg[p] & 0x0f;
                    int[] bits = new int[17];
                    int total = 0;
                    for (int i = 1; i <= 16; i++) {
                        bits[i] = jpeg[p + i] & 0xff;
                        total += bits[i];
                    }
                    int[] values = new int[total];
                    for (int i = 0; i < total; i++) {
                        values[i] = jpeg[p + 17 + i] & 0xff;
                    }
                    (tc == 0 ? dc : ac)[th] = new HuffmanTable(bits, values);
                    p += 17 + total;
                }
            } else if (marker == 0xDA) {
                int n = jpeg[body] & 0xff;
                for (int i = 0; i < n; i++) {
                    int id = jpeg[body + 1 + i * 2] & 0xff;
                    int tables = jpeg[body + 2 + i * 2] & 0xff;
                    for (Component c : components) {
                        if (c.id == id) {
                            c.dcTable = tables >> 4;
                            c.acTable = tables & 0x0f;
                        }
                    }
                }
                if (frameHeader == null || n != components.size()) {
                    throw new IOException("expected one scan of every component");
                }
                decodeBaseline(jpeg, next, components, width, height, dc, ac);
                break;
            } else {
                // APPn (JFIF), DQT and comments go through as they are.
                out.write(jpeg, pos, next - pos);
            }
            pos = next;
        }
        frameHeader[1] = (byte) 0xC2;
        out.write(frameHeader, 0, frameHeader.length);
        for (ScanScript.Scan scan : script.scans()) {
            writeScan(out, scan, components);
        }
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    private static void decodeBaseline(byte[] jpeg, int start, List<Component> components, int width, int height,
                                       HuffmanTable[] dc, HuffmanTable[] ac) throws IOException {
        int hMax = components.stream().mapToInt(c -> c.h).max().orElseThrow();
        int vMax = components.stream().mapToInt(c -> c.v).max().orElseThrow();
        int mcusX = ceil(width, 8 * hMax);
        int mcusY = ceil(height, 8 * vMax);
        boolean single = components.size() == 1;
        for (Component c : components) {
            c.blocksWide = ceil(ceil(width * c.h, hMax), 8);
            c.blocksHigh = ceil(ceil(height * c.v, vMax), 8);
            c.blocksPerLine = single ? c.blocksWide : mcusX * c.h;
            c.blockLines = single ? c.blocksHigh : mcusY * c.v;
            c.coefficients = new short[c.blocksPerLine * c.blockLines * 64];
        }
        BitReader in = new BitReader(jpeg, start);
        int[] predictors = new int[components.size()];
        if (single) {
            Component c = components.get(0);
            for (int by = 0; by < c.blocksHigh; by++) {
                for (int bx = 0; bx < c.blocksWide; bx++) {
                    predictors[0] = decodeBlock(in, c, (by * c.blocksPerLine + bx) * 64, predictors[0], dc, ac);
                }
            }
            return;
        }
        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++) {
                for (int ci = 0; ci < components.size(); ci++) {
                    Component c = components.get(ci);
                    for (int v = 0; v < c.v; v++) {
                        for (int h = 0; h < c.h; h++) {
                            int block = (my * c.v + v) * c.blocksPerLine + mx * c.h + h;
                            predictors[ci] = decodeBlock(in, c, block * 64, predictors[ci], dc, ac);
                        }
                    }
                }
            }
        }
    }

    private static int decodeBlock(BitReader in, Component c, int at, int predictor, HuffmanTable[] dc,
                                   HuffmanTable[] ac) throws IOException {
        int dcValue = predictor + in.extended(dc[c.dcTable].decode(in));
        c.coefficients[at] = (short) dcValue;
        HuffmanTable table = ac[c.acTable];
        for (int k = 1; k < 64; ) {
            int rs = table.decode(in);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) {
                throw new IOException("coefficient index past 63");
            }
            c.coefficients[at + k] = (short) in.extended(s);
            k++;
        }
        return dcValue;
    }

    /** Encodes one scan twice: once to count symbols for optimal tables, once to write. */
    private static void writeScan(ByteArrayOutputStream out, ScanScript.Scan scan, List<Component> all)
            throws IOException {
        if (scan.ah() != 0 || scan.al() != 0) {
            throw new IOException("successive approximation is not implemented; use spectral selection");
        }
        List<Component> in = new ArrayList<>();
        for (int index : scan.components()) {
            in.add(all.get(index));
        }
        boolean dcScan = scan.ss() == 0;
        if (dcScan ? scan.se() != 0 : in.size() != 1 || scan.se() > 63 || scan.ss() > scan.se()) {
            throw new IOException("invalid scan: DC scans cover 0..0, AC scans one component within 1..63");
        }
        // DC: luma table 0, chroma table 1 (one per scan component kind); AC scans have one component.
        int tables = dcScan && in.size() > 1 ? 2 : 1;
        long[][] freq = new long[tables][256];
        ScanCoder counter = new ScanCoder(scan, in, all.size() == 1, null, freq, null);
        counter.run();
        HuffmanTable[] optimal = new HuffmanTable[tables];
        for (int t = 0; t < tables; t++) {
            optimal[t] = HuffmanTable.optimal(freq[t]);
        }
        ByteArrayOutputStream dht = new ByteArrayOutputStream();
        for (int t = 0; t < tables; t++) {
            dht.write((dcScan ? 0x00 : 0x10) | t);
            for (int i = 1; i <= 16; i++) {
                dht.write(optimal[t].bits[i]);
            }
            for (int value : optimal[t].values) {
                dht.write(value);
            }
        }
        segment(out, 0xC4, dht.toByteArray());
        ByteArrayOutputStream sos = new ByteArrayOutputStream();
        sos.write(in.size());
        for (int i = 0; i < in.size(); i++) {
            int table = tables == 2 && in.get(i) != all.get(0) ? 1 : 0;
            sos.write(in.get(i).id);
            sos.write(dcScan ? table << 4 : table);
        }
        sos.write(scan.ss());
        sos.write(scan.se());
        sos.write(0);
        segment(out, 0xDA, sos.toByteArray());
        BitWriter bits = new BitWriter(out);
        new ScanCoder(scan, in, all.size() == 1, all.get(0), null, new Emitter(bits, optimal)).run();
        bits.flush();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
        out.write(0xFF);
        out.write(marker);
        out.write((body.length + 2) >> 8);
        out.write((body.length + 2) & 0xff);
        out.write(body, 0, body.length);
    }

    /** Writes symbols with the scan's tables; table 1 is the chroma DC table in a multi-component DC scan. */
    private record Emitter(BitWriter bits, HuffmanTable[] tables) {
        void symbol(int table, int symbol) {
            HuffmanTable t = tables[table];
            if (t.length[symbol] == 0) {
                throw new IllegalStateException("symbol " + symbol + " missing from optimised table");
            }
            bits.write(t.code[symbol], t.length[symbol]);
        }
    }

    /** Walks a scan's blocks in scan order and produces its symbols, either counting or emitting them. */
    private static final class ScanCoder {
        private final ScanScript.Scan scan;
        private final List<Component> in;
        private final boolean grayImage;
        private final Component luma;
        private final long[][] freq;
        private final Emitter emitter;
        private int eobRun;

        ScanCoder(ScanScript.Scan scan, List<Component> in, boolean grayImage, Component luma, long[][] freq,
                  Emitter emitter) {
            this.scan = scan;
            this.in = in;
            this.grayImage = grayImage;
            this.luma = luma == null ? in.get(0) : luma;
            this.freq = freq;
            this.emitter = emitter;
        }

        void run() {
            if (scan.ss() == 0) {
                int[] predictors = new int[in.size()];
                if (in.size() == 1) {
                    Component c = in.get(0);
                    for (int by = 0; by < c.blocksHigh; by++) {
                        for (int bx = 0; bx < c.blocksWide; bx++) {
                            predictors[0] = dc(c, 0, (by * c.blocksPerLine + bx) * 64, predictors[0]);
                        }
                    }
                    return;
                }
                Component first = in.get(0);
                int mcusX = first.blocksPerLine / first.h;
                int mcusY = first.blockLines / first.v;
                for (int my = 0; my < mcusY; my++) {
                    for (int mx = 0; mx < mcusX; mx++) {
                        for (int ci = 0; ci < in.size(); ci++) {
                            Component c = in.get(ci);
                            int table = c == luma || grayImage ? 0 : 1;
                            for (int v = 0; v < c.v; v++) {
                                for (int h = 0; h < c.h; h++) {
                                    int block = (my * c.v + v) * c.blocksPerLine + mx * c.h + h;
                                    predictors[ci] = dc(c, table, block * 64, predictors[ci]);
                                }
                            }
                        }
                    }
                }
                return;
            }
            Component c = in.get(0);
            for (int by = 0; by < c.blocksHigh; by++) {
                for (int bx = 0; bx < c.blocksWide; bx++) {
                    ac(c, (by * c.blocksPerLine + bx) * 64);
                }
            }
            flushEobRun();
        }

        private int dc(Component c, int table, int at, int predictor) {
            int value = c.coefficients[at];
            int diff = value - predictor;
            int size = magnitude(diff);
            symbol(table, size);
            bits(diff < 0 ? diff - 1 : diff, size);
            return value;
        }

        private void ac(Component c, int at) {
            int run = 0;
            for (int k = scan.ss(); k <= scan.se(); k++) {
                int value = c.coefficients[at + k];
                if (value == 0) {
                    run++;
                    continue;
                }
                flushEobRun();
                while (run > 15) {
                    symbol(0, 0xF0);
                    run -= 16;
                }
                int size = magnitude(value);
                symbol(0, (run << 4) | size);
                bits(value < 0 ? value - 1 : value, size);
                run = 0;
            }
            if (run > 0) {
                eobRun++;
                if (eobRun == 0x7FFF) {
                    flushEobRun();
                }
            }
        }

        private void flushEobRun() {
            if (eobRun > 0) {
                int n = 31 - Integer.numberOfLeadingZeros(eobRun);
                symbol(0, n << 4);
                bits(eobRun, n);
                eobRun = 0;
            }
        }

        private void symbol(int table, int symbol) {
            if (freq != null) {
                freq[table][symbol]++;
            } else {
                emitter.symbol(table, symbol);
            }
        }

        private void bits(int value, int n) {
            if (emitter != null) {
                emitter.bits().write(value, n);
            }
        }

        private static int magnitude(int v) {
            return v == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(Math.abs(v));
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }
}
