package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ByteSize;
import dev.meridian.core.config.ImagingConfig.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many renders at once stay within the working-memory budget. The surefire JVM runs with -Xmx256m (see
 * imaging/pom.xml): twelve 9 MP decodes at once would need over 320 MB of rasters alone, so without
 * admission this test would die of OutOfMemoryError; with a 160 MB budget two run at a time.
 */
class ConcurrencyTest {
    private static final long BUDGET = ByteSize.ofMegabytes(160).bytes();

    @Test
    void manyConcurrentRendersQueueForWorkingMemoryAndAllSucceed() throws Exception {
        Imaging imaging = new Imaging(new Limits(null, null, null, Duration.ofSeconds(60), ByteSize.ofBytes(BUDGET)));
        byte[] photo = TestImages.bytes("photo-9mp.jpg");
        int renders = 12;
        ExecutorService pool = Executors.newFixedThreadPool(renders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<EncodedRendition>> results = new ArrayList<>();
            for (int i = 0; i < renders; i++) {
                int width = i % 2 == 0 ? 500 : 1200;
                results.add(pool.submit(() -> {
                    start.await();
                    return imaging.render(photo, RenditionSpec.width(width, 80));
                }));
            }
            start.countDown();
            for (int i = 0; i < renders; i++) {
                EncodedRendition r = results.get(i).get();
                assertThat(r.width()).isEqualTo(i % 2 == 0 ? 500 : 1200);
            }
        } finally {
            pool.shutdownNow();
        }
        long perRender = 8L * 3994 * 2246;
        assertThat(imaging.memory().peakBytes()).isLessThanOrEqualTo(BUDGET).isGreaterThanOrEqualTo(perRender);
        assertThat(imaging.memory().inUseBytes()).isZero();
    }

    @Test
    void aRenderThatCannotGetMemoryInTimeIsBusyNotStuck() throws Exception {
        Imaging imaging = new Imaging(new Limits(null, null, null, Duration.ofSeconds(1), ByteSize.ofMegabytes(80)));
        byte[] medium = TestImages.bytes("medium.jpg");
        try (var held = imaging.memory().reserve(ByteSize.ofMegabytes(78).bytes(), Duration.ofSeconds(1))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> imaging.render(medium, RenditionSpec.width(100, 80)))
                    .isInstanceOf(ImagingBusyException.class);
        }
        assertThat(imaging.memory().inUseBytes()).isZero();
        try (var whole = imaging.memory().reserve(ByteSize.ofMegabytes(80).bytes(), Duration.ZERO)) {
            assertThat(imaging.memory().inUseBytes()).as("everything was given back").isEqualTo(ByteSize.ofMegabytes(80).bytes());
        }
    }
}
