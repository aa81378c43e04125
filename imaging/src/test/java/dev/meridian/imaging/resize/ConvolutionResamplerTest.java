package dev.meridian.imaging.resize;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ConvolutionResamplerTest {
    /** Bytes this thread has allocated so far (HotSpot counts them per thread). */
    private static long allocated() {
        return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Red on the left half, blue on the right, in the interleaved BGR the resampler works on. */
    private static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = Pixels.bytes(image);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                bgr[(y * width + x) * 3 + (x < width / 2 ? 2 : 0)] = (byte) 255;
            }
        }
        return image;
    }

    @Test
    void anImageFarWiderThanTallIsShrunkAlongItsLongAxisFirstNotByTheFilterAlone() {
        int width = 30_000_000;
        BufferedImage source = halves(width, 1);
        long before = allocated();
        BufferedImage out = ConvolutionResampler.standard().resize(source, new Rectangle(0, 0, width, 1), 480, 1);
        long used = allocated() - before;

        assertThat(out.getWidth()).isEqualTo(480);
        assertThat(out.getHeight()).isEqualTo(1);
        assertThat(out.getRGB(10, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(out.getRGB(470, 0) & 0xffffff).isEqualTo(0x0000ff);
        // The filter's weights for a 62,500x reduction alone would be 480 x 375,000 ints: 720 MB.
        assertThat(used).as("bytes allocated").isLessThan(64L << 20);
    }

    @Test
    void andSoIsAnImageFarTallerThanWide() {
        int height = 10_000_000;
        BufferedImage source = new BufferedImage(1, height, BufferedImage.TYPE_3BYTE_BGR);
        long before = allocated();
        BufferedImage out = ConvolutionResampler.standard().resize(source, new Rectangle(0, 0, 1, height), 1, 480);
        long used = allocated() - before;

        assertThat(out.getHeight()).isEqualTo(480);
        assertThat(used).as("bytes allocated").isLessThan(64L << 20);
    }
}
