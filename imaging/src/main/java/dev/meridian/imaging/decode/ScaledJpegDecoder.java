package dev.meridian.imaging.decode;

import dev.meridian.imaging.CorruptImageException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast JPEG path: libjpeg-turbo decoding straight to a reduced size (shrink-on-load, as libvips
 * does), when the library is installed and the JVM may call it. When it is not, the reason is logged
 * once and {@link #available()} is false, and every JPEG goes to ImageIO as before.
 */
final class ScaledJpegDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ScaledJpegDecoder.class);
    /** The reductions libjpeg-turbo does in the DCT domain with SIMD, largest first. */
    private static final int[] REDUCTIONS = {8, 4, 2, 1};
    private static final String LIBRARY = "libturbojpeg.so.0";
    private static final ScaledJpegDecoder SYSTEM = load(candidates());

    private final TurboJpeg turbo;

    private ScaledJpegDecoder(TurboJpeg turbo) {
        this.turbo = turbo;
    }

    /** The JVM-wide instance, bound to the system's libturbojpeg if it has one. */
    static ScaledJpegDecoder system() {
        return SYSTEM;
    }

    /** Never decodes: every JPEG goes to ImageIO. */
    static ScaledJpegDecoder none() {
        return new ScaledJpegDecoder(null);
    }

    /** Binds the first of the candidate library files that exists; logs why when none can be used. */
    static ScaledJpegDecoder load(List<Path> candidates) {
        Path library = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        if (library == null) {
            LOG.warn("{} not found in {} (Debian package libturbojpeg0): JPEGs decode at full size through ImageIO",
                    LIBRARY, candidates);
            return new ScaledJpegDecoder(null);
        }
        try {
            return new ScaledJpegDecoder(TurboJpeg.load(library));
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError when JNA's own stub cannot load (no build for this platform, a noexec
            // temporary directory) or the library lacks a symbol; IllegalCallerException where the JVM
            // denies native access (--illegal-native-access=deny without --enable-native-access).
            LOG.warn("cannot use {} ({}): JPEGs decode at full size through ImageIO", library, e.toString());
            return new ScaledJpegDecoder(null);
        }
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

    /** Where Debian, Fedora and the JVM's own library path put shared libraries. */
    private static List<Path> candidates() {
        List<String> dirs = new ArrayList<>(List.of(System.getProperty("java.library.path", "").split(":")));
        dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, LIBRARY)).distinct().toList();
    }
}
