package dev.meridian.imaging.decode;

import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.turbojpeg.TurboJpeg;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The fast JPEG path: libjpeg-turbo decoding straight to a reduced size (shrink-on-load, as libvips
 * does), when the library is installed and the JVM may call it. When it is not, {@link TurboJpeg} logs
 * why once, {@link #available()} is false, and every JPEG goes to ImageIO as before.
 */
final class ScaledJpegDecoder {
    /** The reductions libjpeg-turbo does in the DCT domain with SIMD, largest first. */
    private static final int[] REDUCTIONS = {8, 4, 2, 1};

    private final TurboJpeg turbo;

    private ScaledJpegDecoder(TurboJpeg turbo) {
        this.turbo = turbo;
    }

    /** Bound to the system's libturbojpeg if it has one. */
    static ScaledJpegDecoder system() {
        return new ScaledJpegDecoder(TurboJpeg.installed().orElse(null));
    }

    /** Never decodes: every JPEG goes to ImageIO. */
    static ScaledJpegDecoder none() {
        return new ScaledJpegDecoder(null);
    }

    /** Bound to the first of the candidate library files that exists and loads. */
    static ScaledJpegDecoder load(List<Path> candidates) {
        return new ScaledJpegDecoder(TurboJpeg.loadFirst(candidates).orElse(null));
    }

    boolean available() {
        return turbo != null;
    }

    /**
     * The JPEG decoded reduced by the largest of 8, 4, 2 or 1 that is at most maxReduction, or null when
     * this decoder is unavailable or the file is not plain YCbCr or gray of the expected size.
     */
    BufferedImage decode(byte[] jpeg, int width, int height, double maxReduction) throws CorruptImageException {
        if (turbo == null) {
            return null;
        }
        int reduction = 1;
        for (int r : REDUCTIONS) {
            if (r <= maxReduction) {
                reduction = r;
                break;
            }
        }
        return turbo.decode(jpeg, width, height, reduction);
    }
}
