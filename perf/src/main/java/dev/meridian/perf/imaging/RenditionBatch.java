package dev.meridian.perf.imaging;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.imaging.EncodedRendition;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.RenditionSpec;
import dev.meridian.imaging.resize.ConvolutionResampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Meridian half of perf/imaging-vs-libvips.sh: renders one source count times on a fixed pool of
 * threads (the way an edge's render pool would) and prints images/s, after a warm-up that lets the JIT
 * compile the pipeline. Writes one rendition to out so the script can score its PSNR.
 *
 * <p>Usage: {@code RenditionBatch <source> <count> <threads> <width> <quality> <out.jpg> [imageio]}; with
 * {@code imageio} JPEGs are decoded at full size by ImageIO instead of shrunk on load by libjpeg-turbo.
 */
public final class RenditionBatch {
    private RenditionBatch() {
    }

    public static void main(String[] args) throws Exception {
        byte[] source = Files.readAllBytes(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        RenditionSpec spec = RenditionSpec.width(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Path out = Path.of(args[5]);

        Imaging imaging = new Imaging(ImagingConfig.Limits.defaults(), ConvolutionResampler.standard(),
                !(args.length > 6 && args[6].equals("imageio")));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long warmStart = System.nanoTime();
            run(pool, imaging, source, spec, Math.max(threads * 10, count / 5));
            double warmSeconds = (System.nanoTime() - warmStart) / 1e9;

            long start = System.nanoTime();
            long bytes = run(pool, imaging, source, spec, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            Files.write(out, imaging.render(source, spec).bytes());
            System.out.printf("meridian_warmup_seconds=%.3f%n", warmSeconds);
            System.out.printf("meridian_seconds=%.3f%n", seconds);
            System.out.printf("meridian_images_per_second=%.2f%n", count / seconds);
            System.out.printf("meridian_bytes_per_image=%d%n", bytes / count);
            // Which decoder ran: libjpeg-turbo shrinking on load, or ImageIO at full size (library missing).
            System.out.printf("meridian_libjpeg_turbo_decodes=%d%n", imaging.scaledJpegDecodes());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long run(ExecutorService pool, Imaging imaging, byte[] source, RenditionSpec spec, int count)
            throws Exception {
        AtomicLong bytes = new AtomicLong();
        List<Future<?>> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(pool.submit(() -> {
                EncodedRendition r = imaging.render(source, spec);
                bytes.addAndGet(r.bytes().length);
                return null;
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        return bytes.get();
    }
}
