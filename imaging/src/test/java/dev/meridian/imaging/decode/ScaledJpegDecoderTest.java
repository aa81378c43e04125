package dev.meridian.imaging.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.ImageFormat;
import dev.meridian.imaging.ImageInfo;
import dev.meridian.imaging.Samples;
import dev.meridian.imaging.TestImages;
import dev.meridian.imaging.quality.Psnr;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The libjpeg-turbo path: shrink-on-load sizes, exact colours, damage refused, and ImageIO when it cannot run. */
class ScaledJpegDecoderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ImageInfo LARGE = new ImageInfo(ImageFormat.JPEG, 1920, 1080, 1, 1);

    @Test
    void decodesReducedByTheLargestPowerOfTwoWithinTheAllowedReduction() throws Exception {
        TurboJpegs.require();
        SafeDecoder decoder = new SafeDecoder(TIMEOUT);
        byte[] large = TestImages.bytes("large.jpg");
        assertThat(size(decoder.decode(large, LARGE, 3.84))).isEqualTo("960x540");
        assertThat(size(decoder.decode(large, LARGE, 4))).isEqualTo("480x270");
        assertThat(size(decoder.decode(large, LARGE, 100))).isEqualTo("240x135");
        assertThat(size(decoder.decode(large, LARGE, 1.9))).isEqualTo("1920x1080");
        assertThat(size(decoder.decode(large, LARGE))).isEqualTo("1920x1080");
        assertThat(decoder.scaledJpegDecodes()).isEqualTo(5);
    }

    @Test
    void fullSizeDecodeMatchesImageIoForColourGrayAndProgressive() throws Exception {
        TurboJpegs.require();
        SafeDecoder fast = new SafeDecoder(TIMEOUT);
        SafeDecoder imageIo = new SafeDecoder(TIMEOUT, false);
        BufferedImage gray = new BufferedImage(321, 123, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.BLACK, 321, 123, Color.WHITE));
        g.fillRect(0, 0, 321, 123);
        g.dispose();
        for (boolean progressive : new boolean[] {false, true}) {
            for (BufferedImage source : new BufferedImage[] {Samples.quadrants(321, 123), gray}) {
                byte[] jpeg = Samples.jpeg(source, progressive);
                ImageInfo info = new ImageInfo(ImageFormat.JPEG, 321, 123, 1, 1);
                BufferedImage ours = fast.decode(jpeg, info);
                BufferedImage theirs = imageIo.decode(jpeg, info);
                assertThat(ours.getType()).isEqualTo(theirs.getType());
                // Both are libjpeg's integer IDCT; only upsampling details may differ.
                assertThat(Psnr.of(ours, theirs)).as("progressive=%s type=%d", progressive, source.getType())
                        .isGreaterThan(40);
            }
        }
        assertThat(fast.scaledJpegDecodes()).isEqualTo(4);
        assertThat(imageIo.scaledJpegDecodes()).isZero();
    }

    @Test
    void damagedFilesAreCorrupt() throws Exception {
        TurboJpegs.require();
        SafeDecoder decoder = new SafeDecoder(TIMEOUT);
        byte[] large = TestImages.bytes("large.jpg");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(large, large.length / 2), LARGE, 3.84))
                .isInstanceOf(CorruptImageException.class).hasMessageContaining("damaged JPEG");
        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(large, 200), LARGE, 3.84))
                .isInstanceOf(CorruptImageException.class);
        byte[] stray = large.clone();
        // An end-of-image marker in the middle of the entropy-coded data.
        stray[large.length / 2] = (byte) 0xFF;
        stray[large.length / 2 + 1] = (byte) 0xD9;
        assertThatThrownBy(() -> decoder.decode(stray, LARGE, 3.84)).isInstanceOf(CorruptImageException.class);
        assertThat(decoder.scaledJpegDecodes()).isZero();
        assertThat(decoder.decode(large, LARGE, 3.84)).as("the decoder keeps working").isNotNull();
    }

    @Test
    void cmykGoesToImageIo() throws Exception {
        TurboJpegs.require();
        SafeDecoder decoder = new SafeDecoder(TIMEOUT);
        byte[] cmyk = Samples.adobeFourChannel(16, 16, 0, new int[] {200, 100, 50, 25});
        BufferedImage image = decoder.decode(cmyk, new ImageInfo(ImageFormat.JPEG, 16, 16, 1, 1), 8);
        assertThat(size(image)).isEqualTo("16x16");
        assertThat(decoder.scaledJpegDecodes()).isZero();
    }

    @Test
    void withoutTheLibraryJpegsDecodeAtFullSizeThroughImageIo() throws Exception {
        ScaledJpegDecoder missing = ScaledJpegDecoder.load(List.of(Path.of("/nonexistent/libturbojpeg.so.0")));
        assertThat(missing.available()).isFalse();
        SafeDecoder decoder = new SafeDecoder(TIMEOUT, missing);
        assertThat(size(decoder.decode(TestImages.bytes("large.jpg"), LARGE, 3.84))).isEqualTo("1920x1080");
        assertThat(decoder.scaledJpegDecodes()).isZero();
    }

    private static String size(BufferedImage image) {
        return image.getWidth() + "x" + image.getHeight();
    }
}
