package dev.meridian.perf.imaging;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.imaging.EncodedRendition;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.RenditionSpec;
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

/** Original bytes to rendition bytes: inspect, admit, decode, resize, orient, encode progressive q80. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EndToEndBenchmark {
    @Param({"large.jpg", "photo-9mp.jpg"})
    public String source;

    @Param({"500", "1200"})
    public int width;

    @Param({"lanczos3", "imgscalr"})
    public String resampler;

    private byte[] bytes;
    private Imaging imaging;
    private RenditionSpec spec;

    @Setup
    public void setUp() {
        bytes = Sources.photo(source);
        imaging = new Imaging(ImagingConfig.Limits.defaults(), Sources.resampler(resampler));
        spec = RenditionSpec.width(width, 80);
    }

    @Benchmark
    public EncodedRendition render() throws ImageException {
        return imaging.render(bytes, spec);
    }
}
