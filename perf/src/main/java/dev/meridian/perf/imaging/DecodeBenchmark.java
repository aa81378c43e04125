package dev.meridian.perf.imaging;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.ImageInfo;
import dev.meridian.imaging.decode.HeaderInspector;
import dev.meridian.imaging.decode.SafeDecoder;
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

/** Header inspection plus full JPEG decode (TwelveMonkeys over libjpeg) of the 2 MP and 9 MP photos. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    @Param({"large.jpg", "photo-9mp.jpg"})
    public String source;

    private byte[] bytes;
    private HeaderInspector inspector;
    private SafeDecoder decoder;

    @Setup
    public void setUp() {
        bytes = Sources.photo(source);
        inspector = new HeaderInspector(ImagingConfig.Limits.defaults());
        decoder = new SafeDecoder(Duration.ofSeconds(30));
    }

    @Benchmark
    public BufferedImage decode() throws ImageException {
        ImageInfo info = inspector.inspect(bytes);
        return decoder.decode(bytes, info);
    }
}
