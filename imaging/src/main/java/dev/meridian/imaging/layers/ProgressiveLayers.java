package dev.meridian.imaging.layers;

import dev.meridian.imaging.CorruptImageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A progressive JPEG cut at its scan boundaries, for layered delivery: send {@link #header()}, then
 * {@link #layer(int)} 0, 1, ... for as long as the time budget allows, then {@link #endOfImage()}.
 * Any such prefix is a valid JPEG of the full size; each further layer refines it.
 *
 * <p>A layer is one scan together with the marker segments that precede it (the Huffman tables an
 * optimised progressive file defines per scan), so every layer is self-sufficient given those before.
 * Buffers handed out are read-only views of the encoded bytes; nothing is copied.
 */
public final class ProgressiveLayers {
    private static final byte[] EOI = {(byte) 0xFF, (byte) 0xD9};

    private final byte[] jpeg;
    private final int headerEnd;
    private final int[] layerEnds;

    private ProgressiveLayers(byte[] jpeg, int headerEnd, int[] layerEnds) {
        this.jpeg = jpeg;
        this.headerEnd = headerEnd;
        this.layerEnds = layerEnds;
    }

    /** Splits a progressive (SOF2) JPEG; anything else, or a malformed one, is refused. */
    public static ProgressiveLayers split(byte[] jpeg) throws CorruptImageException {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new CorruptImageException("not a JPEG");
        }
        boolean progressive = false;
        int headerEnd = -1;
        List<Integer> ends = new ArrayList<>();
        int pos = 2;
        while (true) {
            if (pos + 2 > jpeg.length || (jpeg[pos] & 0xff) != 0xFF) {
                throw new CorruptImageException("JPEG marker expected at byte " + pos);
            }
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9) {
                break;
            }
            if (pos + 4 > jpeg.length) {
                throw new CorruptImageException("truncated marker segment at byte " + pos);
            }
            int length = (jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff);
            int next = pos + 2 + length;
            if (length < 2 || next > jpeg.length) {
                throw new CorruptImageException("marker segment overruns the file at byte " + pos);
            }
            if (marker == 0xC2) {
                progressive = true;
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                throw new CorruptImageException("not a progressive JPEG (SOF" + (marker - 0xC0) + ")");
            }
            boolean belongsToScan = marker == 0xC4 || marker == 0xDA || marker == 0xDD;
            if (headerEnd < 0 && belongsToScan) {
                headerEnd = pos;
            }
            if (marker == 0xDA) {
                if (!progressive) {
                    throw new CorruptImageException("scan before a progressive frame header");
                }
                pos = endOfEntropyData(jpeg, next);
                ends.add(pos);
            } else {
                pos = next;
            }
        }
        if (ends.isEmpty()) {
            throw new CorruptImageException("no scans");
        }
        return new ProgressiveLayers(jpeg, headerEnd, ends.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Entropy-coded data runs until a marker other than a stuffed 0xFF00 or a restart marker. */
    private static int endOfEntropyData(byte[] jpeg, int from) throws CorruptImageException {
        for (int i = from; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF) {
                int b = jpeg[i + 1] & 0xff;
                if (b != 0x00 && !(b >= 0xD0 && b <= 0xD7) && b != 0xFF) {
                    return i;
                }
            }
        }
        throw new CorruptImageException("scan data runs to the end of the file (no EOI)");
    }

    public int count() {
        return layerEnds.length;
    }

    /** Everything before the first layer: SOI, quantisation tables, frame header. */
    public ByteBuffer header() {
        return ByteBuffer.wrap(jpeg, 0, headerEnd).slice().asReadOnlyBuffer();
    }

    public ByteBuffer layer(int index) {
        int start = index == 0 ? headerEnd : layerEnds[index - 1];
        return ByteBuffer.wrap(jpeg, start, layerEnds[index] - start).slice().asReadOnlyBuffer();
    }

    /** The bytes that end an image after any layer. */
    public static ByteBuffer endOfImage() {
        return ByteBuffer.wrap(EOI).asReadOnlyBuffer();
    }

    /** The header, the first n layers and EOI, as one valid JPEG. */
    public byte[] prefix(int layers) {
        if (layers < 1 || layers > count()) {
            throw new IllegalArgumentException("layers must be 1.." + count());
        }
        int end = layerEnds[layers - 1];
        byte[] out = new byte[end + EOI.length];
        System.arraycopy(jpeg, 0, out, 0, end);
        System.arraycopy(EOI, 0, out, end, EOI.length);
        return out;
    }

    /** Size in bytes of the header plus the first n layers (what a sender has sent after layer n-1). */
    public int prefixLength(int layers) {
        return layerEnds[layers - 1];
    }
}
