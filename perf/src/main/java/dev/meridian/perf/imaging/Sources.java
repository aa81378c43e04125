package dev.meridian.perf.imaging;

import dev.meridian.imaging.resize.ConvolutionResampler;
import dev.meridian.imaging.resize.ImgscalrResampler;
import dev.meridian.imaging.resize.Resampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test photos and the resamplers benchmarks compare, by the names JMH parameters use. */
final class Sources {
    private Sources() {
    }

    /** $MERIDIAN_TESTDATA/images, else ../shared/testdata/images from the repository root the scripts run in. */
    static byte[] photo(String name) {
        String configured = System.getenv("MERIDIAN_TESTDATA");
        Path dir = configured != null ? Path.of(configured, "images") : Path.of("..", "shared", "testdata", "images");
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("test photo " + name + " not found under " + dir.toAbsolutePath()
                    + " (set MERIDIAN_TESTDATA)", e);
        }
    }

    static Resampler resampler(String name) {
        return switch (name) {
            case "lanczos3" -> ConvolutionResampler.standard();
            case "lanczos3-nobox" -> new ConvolutionResampler(ConvolutionResampler.Kernel.LANCZOS3, Double.POSITIVE_INFINITY);
            case "triangle" -> new ConvolutionResampler(ConvolutionResampler.Kernel.TRIANGLE, 1.5);
            case "imgscalr" -> new ImgscalrResampler();
            default -> throw new IllegalArgumentException("unknown resampler " + name);
        };
    }
}
