package dev.meridian.imaging.quality;

import java.awt.image.BufferedImage;

/**
 * Peak signal-to-noise ratio over the R, G and B samples of two same-sized images, in dB: how the quality
 * bar (resize vs libvips' Lanczos3) and progressive layers are measured, in tests and in perf/.
 */
public final class Psnr {
    private Psnr() {
    }

    public static double of(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs "
                    + b.getWidth() + "x" + b.getHeight());
        }
        int w = a.getWidth();
        int[] rowA = new int[w];
        int[] rowB = new int[w];
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            a.getRGB(0, y, w, 1, rowA, 0, w);
            b.getRGB(0, y, w, 1, rowB, 0, w);
            for (int x = 0; x < w; x++) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = ((rowA[x] >> shift) & 0xff) - ((rowB[x] >> shift) & 0xff);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * w * a.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }
}
