package dev.meridian.imaging.resize;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * A separable resampling filter run straight on the image's bytes, horizontal pass then vertical, with
 * weights computed once per output column and row in 14-bit fixed point. For large reductions the
 * image is first box-averaged by an integer factor (cheap, and alias-free for what follows) so the
 * filter only ever reduces by 2x to 4x, the way libvips' shrink-then-reduce works.
 */
public final class ConvolutionResampler implements Resampler {
    private static final int BITS = 14;
    private static final int ONE = 1 << BITS;
    private static final int HALF = 1 << (BITS - 1);

    /** A filter kernel: weight by distance in output pixels, zero beyond radius. */
    public enum Kernel {
        /** Lanczos with 3 lobes: what libvips uses for thumbnails. */
        LANCZOS3(3) {
            @Override
            double weight(double x) {
                if (x == 0) {
                    return 1;
                }
                if (Math.abs(x) >= 3) {
                    return 0;
                }
                double px = Math.PI * x;
                return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
            }
        },
        /** Antialiased bilinear (a tent as wide as the reduction). */
        TRIANGLE(1) {
            @Override
            double weight(double x) {
                double a = Math.abs(x);
                return a < 1 ? 1 - a : 0;
            }
        };

        final double radius;

        Kernel(double radius) {
            this.radius = radius;
        }

        abstract double weight(double x);
    }

    private final Kernel kernel;
    private final boolean boxFirst;

    /** @param boxFirst box-average by an integer factor first when reducing by more than 4x */
    public ConvolutionResampler(Kernel kernel, boolean boxFirst) {
        this.kernel = kernel;
        this.boxFirst = boxFirst;
    }

    @Override
    public String toString() {
        return kernel + (boxFirst ? " after box pre-shrink" : "");
    }

    /** Meridian's default: box pre-shrink, then Lanczos3. */
    public static ConvolutionResampler standard() {
        return new ConvolutionResampler(Kernel.LANCZOS3, true);
    }

    @Override
    public BufferedImage resize(BufferedImage source, Rectangle region, int width, int height) {
        BufferedImage src = Pixels.interleaved(source);
        Rectangle from = region;
        int shrink = boxFirst ? Math.min(region.width / width, region.height / height) / 2 : 1;
        if (shrink >= 2) {
            src = boxShrink(src, region, shrink);
            from = new Rectangle(0, 0, src.getWidth(), src.getHeight());
        }
        int channels = src.getRaster().getNumBands();
        byte[] in = Pixels.bytes(src);
        int stride = src.getWidth() * channels;

        Weights horizontal = new Weights(kernel, from.x, from.width, width);
        byte[] rows = new byte[width * from.height * channels];
        for (int y = 0; y < from.height; y++) {
            horizontal.apply(in, (from.y + y) * stride, channels, channels, rows, y * width * channels, channels);
        }

        BufferedImage out = Pixels.like(src, width, height);
        byte[] result = Pixels.bytes(out);
        Weights vertical = new Weights(kernel, 0, from.height, height);
        int rowBytes = width * channels;
        int[] acc = new int[rowBytes];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(acc, HALF);
            int first = vertical.first[y];
            int base = y * vertical.taps;
            for (int t = 0; t < vertical.count[y]; t++) {
                int w = vertical.weights[base + t];
                int row = (first + t) * rowBytes;
                for (int i = 0; i < rowBytes; i++) {
                    acc[i] += (rows[row + i] & 0xff) * w;
                }
            }
            int o = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                result[o + i] = clamp(acc[i] >> BITS);
            }
        }
        return out;
    }

    /** Averages each factor x factor block of the region: a full-quality integer reduction. */
    static BufferedImage boxShrink(BufferedImage src, Rectangle region, int factor) {
        int channels = src.getRaster().getNumBands();
        int outW = region.width / factor;
        int outH = region.height / factor;
        BufferedImage out = Pixels.like(src, outW, outH);
        byte[] in = Pixels.bytes(src);
        byte[] result = Pixels.bytes(out);
        int stride = src.getWidth() * channels;
        int[] acc = new int[outW * channels];
        int area = factor * factor;
        for (int y = 0; y < outH; y++) {
            java.util.Arrays.fill(acc, area / 2);
            for (int dy = 0; dy < factor; dy++) {
                int row = (region.y + y * factor + dy) * stride + region.x * channels;
                for (int x = 0, a = 0; x < outW; x++, a += channels) {
                    int p = row + x * factor * channels;
                    for (int dx = 0; dx < factor; dx++) {
                        for (int c = 0; c < channels; c++) {
                            acc[a + c] += in[p++] & 0xff;
                        }
                    }
                }
            }
            int o = y * outW * channels;
            for (int i = 0; i < acc.length; i++) {
                result[o + i] = (byte) (acc[i] / area);
            }
        }
        return out;
    }

    private static byte clamp(int v) {
        return (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
    }

    /** The taps of one pass: for each output index, its first input index and fixed-point weights. */
    private static final class Weights {
        final int[] first;
        final int[] count;
        final int[] weights;
        final int taps;

        Weights(Kernel kernel, int start, int length, int outLength) {
            double scale = (double) length / outLength;
            double filterScale = Math.max(scale, 1);
            double support = kernel.radius * filterScale;
            taps = (int) Math.ceil(support) * 2 + 2;
            first = new int[outLength];
            count = new int[outLength];
            weights = new int[outLength * taps];
            double[] w = new double[taps];
            for (int i = 0; i < outLength; i++) {
                double center = start + (i + 0.5) * scale;
                int lo = Math.max(start, (int) Math.floor(center - support));
                int hi = Math.min(start + length - 1, (int) Math.ceil(center + support));
                int n = Math.min(taps, hi - lo + 1);
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    w[t] = kernel.weight((lo + t + 0.5 - center) / filterScale);
                    sum += w[t];
                }
                int total = 0;
                int biggest = 0;
                for (int t = 0; t < n; t++) {
                    int fixed = (int) Math.round(w[t] / sum * ONE);
                    weights[i * taps + t] = fixed;
                    total += fixed;
                    if (Math.abs(fixed) > Math.abs(weights[i * taps + biggest])) {
                        biggest = t;
                    }
                }
                weights[i * taps + biggest] += ONE - total;
                first[i] = lo;
                count[i] = n;
            }
        }

        /** One row (or column): reads count taps at inStep apart from in[inBase + first*inStep]. */
        void apply(byte[] in, int inBase, int inStep, int channels, byte[] out, int outBase, int outStep) {
            for (int i = 0; i < first.length; i++) {
                int p = inBase + first[i] * inStep;
                int base = i * taps;
                int o = outBase + i * outStep;
                if (channels == 3) {
                    int a = HALF;
                    int b = HALF;
                    int c = HALF;
                    for (int t = 0; t < count[i]; t++, p += 3) {
                        int w = weights[base + t];
                        a += (in[p] & 0xff) * w;
                        b += (in[p + 1] & 0xff) * w;
                        c += (in[p + 2] & 0xff) * w;
                    }
                    out[o] = clamp(a >> BITS);
                    out[o + 1] = clamp(b >> BITS);
                    out[o + 2] = clamp(c >> BITS);
                } else {
                    for (int ch = 0; ch < channels; ch++) {
                        int a = HALF;
                        int q = p + ch;
                        for (int t = 0; t < count[i]; t++, q += inStep) {
                            a += (in[q] & 0xff) * weights[base + t];
                        }
                        out[o + ch] = clamp(a >> BITS);
                    }
                }
            }
        }
    }
}
