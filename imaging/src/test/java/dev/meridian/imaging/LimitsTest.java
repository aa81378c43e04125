package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.config.ByteSize;
import dev.meridian.core.config.ImagingConfig.Limits;
import java.awt.Color;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile and broken files are refused with a specific error, before decoding where the header tells. */
class LimitsTest {
    private final Imaging imaging = Imaging.withDefaults();

    @Test
    void pixelBombIsRefusedFromItsHeaderAlone() {
        // 100000 x 100000 RGB would need 30 GB decoded; the file is a few hundred bytes.
        byte[] bomb = Samples.pngClaiming(100_000, 100_000, 1);
        assertThat(bomb.length).isLessThan(2_000);
        long before = imaging.memory().peakBytes();
        assertThatThrownBy(() -> imaging.inspect(bomb)).isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("10000000000 pixels");
        assertThatThrownBy(() -> imaging.render(bomb, RenditionSpec.width(100, 80)))
                .isInstanceOf(ImageTooLargeException.class);
        assertThat(imaging.memory().peakBytes()).as("nothing was admitted to decode").isEqualTo(before);
    }

    @Test
    void validButHugeImageIsRefused() {
        // 8000 x 6000 = 48 MP of zeros compresses to almost nothing: over the 40 MP default.
        byte[] big = Samples.pngClaiming(8000, 6000, 6000);
        assertThatThrownBy(() -> imaging.render(big, RenditionSpec.width(100, 80)))
                .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("40000000");
    }

    @Test
    void headerLyingAboutItsSizeIsCorrupt() {
        // Claims 3000 x 3000 (within limits) but carries ten rows.
        byte[] liar = Samples.pngClaiming(3000, 3000, 10);
        assertThatThrownBy(() -> imaging.render(liar, RenditionSpec.width(100, 80)))
                .isInstanceOf(CorruptImageException.class);

        // A JPEG whose frame header says it is four times as tall as its data.
        byte[] jpeg = TestImages.bytes("medium.jpg").clone();
        int sof = sofOffset(jpeg);
        int height = (jpeg[sof + 3] & 0xff) << 8 | (jpeg[sof + 4] & 0xff);
        int lie = height * 4;
        jpeg[sof + 3] = (byte) (lie >> 8);
        jpeg[sof + 4] = (byte) lie;
        assertThatThrownBy(() -> imaging.render(jpeg, RenditionSpec.width(100, 80)))
                .isInstanceOf(CorruptImageException.class);
    }

    @Test
    void truncatedFilesAreCorrupt() {
        byte[] jpeg = TestImages.bytes("large.jpg");
        assertThatThrownBy(() -> imaging.render(Arrays.copyOf(jpeg, jpeg.length / 2), RenditionSpec.width(100, 80)))
                .isInstanceOf(CorruptImageException.class);
        assertThatThrownBy(() -> imaging.render(Arrays.copyOf(jpeg, 200), RenditionSpec.width(100, 80)))
                .isInstanceOf(CorruptImageException.class);
        byte[] png = TestImages.bytes("test.png");
        assertThatThrownBy(() -> imaging.render(Arrays.copyOf(png, png.length / 2), RenditionSpec.width(100, 80)))
                .isInstanceOf(CorruptImageException.class);
        byte[] webp = TestImages.bytes("test.webp");
        assertThatThrownBy(() -> imaging.render(Arrays.copyOf(webp, webp.length / 2), RenditionSpec.width(100, 80)))
                .isInstanceOf(ImageException.class);
    }

    @Test
    void randomBytesAreUnsupportedAndRandomBytesBehindAMagicNumberAreCorrupt() {
        Random random = new Random(42);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        noise[0] = 0x00;
        assertThatThrownBy(() -> imaging.inspect(noise)).isInstanceOf(UnsupportedImageException.class);
        assertThatThrownBy(() -> imaging.render(new byte[0], RenditionSpec.width(100, 80)))
                .isInstanceOf(UnsupportedImageException.class);

        for (byte[] magic : new byte[][] {{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, {'G', 'I', 'F', '8', '9', 'a'}}) {
            byte[] fake = noise.clone();
            System.arraycopy(magic, 0, fake, 0, magic.length);
            assertThatThrownBy(() -> imaging.render(fake, RenditionSpec.width(100, 80)))
                    .as("noise after %s", Arrays.toString(magic)).isInstanceOf(CorruptImageException.class);
        }
    }

    @Test
    void inputBytesAndFramesHaveLimits() {
        Imaging strict = new Imaging(new Limits(null, ByteSize.ofBytes(100_000), 2, null, null));
        byte[] large = TestImages.bytes("large.jpg");
        assertThatThrownBy(() -> strict.inspect(large))
                .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("100000");
        byte[] threeFrames = Samples.gif(20, 20, Color.RED, Color.GREEN, Color.BLUE);
        assertThatThrownBy(() -> strict.render(threeFrames, RenditionSpec.width(10, 80)))
                .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("3 frames");
    }

    @Test
    void slowDecodeIsAbortedAndTheThreadGoesOnServing() throws Exception {
        Imaging hasty = new Imaging(new Limits(null, null, null, Duration.ofMillis(1), null));
        byte[] photo = TestImages.bytes("photo-9mp.jpg");
        assertThatThrownBy(() -> hasty.render(photo, RenditionSpec.width(500, 80)))
                .isInstanceOf(ImageTimeoutException.class);
        assertThat(hasty.memory().inUseBytes()).as("reservation given back").isZero();
        EncodedRendition next = imaging.render(photo, RenditionSpec.width(500, 80));
        assertThat(next.width()).isEqualTo(500);
    }

    @Test
    void imageNeedingMoreThanTheWholeWorkingMemoryIsTooLarge() {
        byte[] large = TestImages.bytes("large.jpg");
        byte[] medium = TestImages.bytes("medium.jpg");
        Imaging small = new Imaging(new Limits(1_000_000L, null, null, null, ByteSize.ofMegabytes(8)));
        // large.jpg is 2 MP: over maxPixels here, so refused by the header check.
        assertThatThrownBy(() -> small.render(large, RenditionSpec.width(100, 80)))
                .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("pixels");
        // medium.jpg (0.6 MP) is under maxPixels but needs about 5 MB of working memory: a 4 MB budget can never fit it.
        Imaging tight = new Imaging(new Limits(null, null, null, null, ByteSize.ofMegabytes(4)));
        assertThatThrownBy(() -> tight.render(medium, RenditionSpec.width(100, 80)))
                .isInstanceOf(ImageTooLargeException.class).hasMessageContaining("working memory");
    }

    private static int sofOffset(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 < jpeg.length) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker >= 0xC0 && marker <= 0xC2) {
                return pos + 2;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xff) << 8 | (jpeg[pos + 3] & 0xff));
        }
        throw new AssertionError("no SOF");
    }
}
