package dev.meridian.imaging.encode;

import java.util.List;

/**
 * The order a progressive JPEG sends its coefficients in: one entry per scan (layer). Meridian's script
 * starts with every component's DC coefficients at full precision, a 1/8-scale picture that is a small
 * fraction of the file yet already recognisable, then adds luma detail before chroma, coarse before fine.
 * Each scan is small enough that a time-budgeted sender can stop after any of them.
 */
public record ScanScript(List<Scan> scans) {

    /**
     * One scan: components by index (0 = Y), spectral selection ss..se, successive approximation ah/al.
     */
    public record Scan(int[] components, int ss, int se, int ah, int al) {
    }

    public static ScanScript forComponents(int components) {
        if (components == 1) {
            return new ScanScript(List.of(
                    new Scan(new int[] {0}, 0, 0, 0, 0),
                    new Scan(new int[] {0}, 1, 5, 0, 2),
                    new Scan(new int[] {0}, 6, 63, 0, 2),
                    new Scan(new int[] {0}, 1, 63, 2, 1),
                    new Scan(new int[] {0}, 1, 63, 1, 0)));
        }
        return new ScanScript(List.of(
                new Scan(new int[] {0, 1, 2}, 0, 0, 0, 0),
                new Scan(new int[] {0}, 1, 5, 0, 2),
                new Scan(new int[] {2}, 1, 63, 0, 1),
                new Scan(new int[] {1}, 1, 63, 0, 1),
                new Scan(new int[] {0}, 6, 63, 0, 2),
                new Scan(new int[] {0}, 1, 63, 2, 1),
                new Scan(new int[] {2}, 1, 63, 1, 0),
                new Scan(new int[] {1}, 1, 63, 1, 0),
                new Scan(new int[] {0}, 1, 63, 1, 0)));
    }
}
