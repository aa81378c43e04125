package dev.meridian.imaging.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.meridian.imaging.EncodedRendition;
import dev.meridian.imaging.ImageFormat;
import dev.meridian.imaging.Imaging;
import dev.meridian.imaging.RenditionSpec;
import dev.meridian.imaging.Samples;
import dev.meridian.imaging.TestImages;
import dev.meridian.imaging.decode.TurboJpegs;
import dev.meridian.imaging.quality.Psnr;
import dev.meridian.imaging.turbojpeg.TurboJpeg;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Progressive JPEG through libjpeg-turbo's encoder is as good, as small and as layered as through ImageIO's. */
class JpegEncoderTest {
    private static final int QUALITY = 80;

    @Test
    void libjpegTurboEncodeMatchesImageIoForColourGrayAndIntRgb() throws Exception {
        TurboJpegs.require();
        BufferedImage photo = Imaging.withDefaults().renderPixels(TestImages.bytes("large.jpg"), RenditionSpec.width(500, QUALITY));
        JpegEncoder turbo = new JpegEncoder();
        JpegEncoder imageIo = new JpegEncoder(null);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage source = as(photo, type);
            byte[] fast = turbo.encode(source, QUALITY, true);
            byte[] reference = imageIo.encode(source, QUALITY, true);
            double fastDb = Psnr.of(decode(fast), source);
            double referenceDb = Psnr.of(decode(reference), source);
            System.out.printf("type %d: libjpeg-turbo %d bytes %.2f dB, ImageIO %d bytes %.2f dB%n",
                    type, fast.length, fastDb, reference.length, referenceDb);
            assertThat(fastDb).as("type %d", type).isGreaterThan(30).isGreaterThanOrEqualTo(referenceDb - 0.1);
            // Same quantisation, subsampling and DCT, so nearly the same size; only rounding in colour conversion differs.
            assertThat((double) fast.length).as("type %d", type).isCloseTo(reference.length, within(reference.length * 0.02));
            assertThat(layers(fast)).as("type %d", type).isEqualTo(layers(reference)).isGreaterThan(1);
        }
    }

    @Test
    void layoutsTurboJpegDoesNotTakeGoToImageIo() throws Exception {
        TurboJpegs.require();
        TurboJpeg library = TurboJpeg.installed().orElseThrow();
        BufferedImage bgr = as(Samples.quadrants(100, 60), BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage intBgr = as(bgr, BufferedImage.TYPE_INT_BGR);
        BufferedImage cropped = bgr.getSubimage(8, 8, 64, 32);
        assertThat(library.compress(intBgr, QUALITY)).isNull();
        assertThat(library.compress(cropped, QUALITY)).isNull();
        assertThat(decode(new JpegEncoder().encode(cropped, QUALITY, true)).getWidth()).isEqualTo(64);
    }

    private static int layers(byte[] jpeg) throws Exception {
        return new EncodedRendition(jpeg, ImageFormat.JPEG, 0, 0, true).layers().count();
    }

    private static BufferedImage decode(byte[] jpeg) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    private static BufferedImage as(BufferedImage image, int type) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = copy.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return copy;
    }
}
