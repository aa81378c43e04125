package dev.meridian.imaging.encode;

import java.util.List;

/**
 * The order a progressive JPEG sends its coefficients in: one entry per scan, and each scan is one layer
 * of layered delivery. Meridian's script starts with every component's DC coefficient at full precision:
 * a 1/8-scale picture, a small fraction of the file, already recognisable. Then the lowest luma
 * frequencies, the colour detail, and the rest of the luma in two steps. Spectral selection only (no
 * successive approximation): each later layer adds frequencies, never refines earlier ones.
 */
public record ScanScript(List<Scan> scans) {

    /** One scan: components by frame index (0 = Y), spectral selection ss..se, successive approximation ah/al. */
    public record Scan(int[] components, int ss, int se, int ah, int al) {
        static Scan dc(int... components) {
            return new Scan(components, 0, 0, 0, 0);
        }

        static Scan ac(int component, int ss, int se) {
            return new Scan(new int[] {component}, ss, se, 0, 0);
        }
    }

    public static ScanScript forComponents(int components) {
        if (components == 1) {
            return new ScanScript(List.of(Scan.dc(0), Scan.ac(0, 1, 5), Scan.ac(0, 6, 14), Scan.ac(0, 15, 63)));
        }
        return new ScanScript(List.of(Scan.dc(0, 1, 2), Scan.ac(0, 1, 5), Scan.ac(1, 1, 63), Scan.ac(2, 1, 63),
                Scan.ac(0, 6, 14), Scan.ac(0, 15, 63)));
    }
}
