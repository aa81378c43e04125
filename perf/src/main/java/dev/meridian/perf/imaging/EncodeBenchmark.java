package dev.meridian.perf.imaging;

import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.RenditionSpec;
import dev.meridian.imaging.encode.JpegEncoder;
import dev.meridian.imaging.turbojpeg.TurboJpeg;
import java.awt.image.BufferedImage;
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
 * Progressive JPEG encode at quality 80 of a rendition already resized to 500 or 1200 px wide, with the
 * baseline pass through libjpeg-turbo (what renders use where it is installed) or the JDK's ImageIO writer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeBenchmark {
    @Param({"large.jpg", "photo-9mp.jpg"})
    public String source;

    @Param({"500", "1200"})
    public int width;

    @Param({"libjpeg-turbo", "imageio"})
    public String encoder;

    private BufferedImage resized;
    private JpegEncoder jpeg;

    @Setup
    public void setUp() throws ImageException {
        resized = Imaging.withDefaults().renderPixels(Sources.photo(source), RenditionSpec.width(width, 80));
        jpeg = encoder.equals("imageio") ? new JpegEncoder(null) : new JpegEncoder(TurboJpeg.installed().orElseThrow());
    }

    @Benchmark
    public byte[] encodeProgressiveQ80() {
        return jpeg.encode(resized, 80, true);
    }
}
