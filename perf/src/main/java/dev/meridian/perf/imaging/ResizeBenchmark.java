package dev.meridian.perf.imaging;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.decode.HeaderInspector;
import dev.meridian.imaging.decode.SafeDecoder;
import dev.meridian.imaging.resize.Resampler;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resize alone, from an already decoded photo: Meridian's box + Lanczos3 path against imgscalr
 * (ULTRA_QUALITY) and the cheaper triangle filter. QualityBarTest holds each one's PSNR against libvips.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResizeBenchmark {
    @Param({"large.jpg", "photo-9mp.jpg"})
    public String source;

    @Param({"500", "1200"})
    public int width;

    @Param({"lanczos3", "triangle", "imgscalr"})
    public String resampler;

    private BufferedImage decoded;
    private Resampler scaler;
    private int height;

    @Setup
    public void setUp() throws ImageException {
        byte[] bytes = Sources.photo(source);
        var info = new HeaderInspector(ImagingConfig.Limits.defaults()).inspect(bytes);
        decoded = new SafeDecoder(Duration.ofSeconds(30)).decode(bytes, info);
        scaler = Sources.resampler(resampler);
        height = Math.round((float) decoded.getHeight() * width / decoded.getWidth());
    }

    @Benchmark
    public BufferedImage resize() {
        return scaler.resize(decoded, new Rectangle(0, 0, decoded.getWidth(), decoded.getHeight()), width, height);
    }
}
