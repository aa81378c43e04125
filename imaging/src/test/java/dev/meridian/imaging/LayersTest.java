package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.imaging.encode.JpegEncoder;
import dev.meridian.imaging.layers.ProgressiveLayers;
import dev.meridian.imaging.quality.Psnr;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A progressive rendition splits into layers; every prefix plus EOI is the full-size image, better each time. */
class LayersTest {
    private final Imaging imaging = Imaging.withDefaults();

    @Test
    void everyPrefixDecodesToTheFullSizeAndGetsCloserToTheFinalImage() throws Exception {
        EncodedRendition r = imaging.render(TestImages.bytes("large.jpg"), RenditionSpec.width(1200, 80));
        ProgressiveLayers layers = r.layers();
        assertThat(layers.count()).isGreaterThanOrEqualTo(5);
        BufferedImage full = TestImages.decode(r.bytes());

        double previous = 0;
        for (int n = 1; n <= layers.count(); n++) {
            BufferedImage partial = TestImages.decode(layers.prefix(n));
            assertThat(partial.getWidth()).isEqualTo(1200);
            assertThat(partial.getHeight()).isEqualTo(675);
            double db = Psnr.of(partial, full);
            System.out.printf("layers 1..%d: %d bytes, %.2f dB%n", n, layers.prefixLength(n), db);
            assertThat(db).as("PSNR after %d layers", n).isGreaterThan(previous);
            previous = db;
        }
        assertThat(previous).isInfinite();
    }

    @Test
    void firstLayerIsSmallAndAlreadyRecognisable() throws Exception {
        EncodedRendition r = imaging.render(TestImages.bytes("large.jpg"), RenditionSpec.width(1200, 80));
        ProgressiveLayers layers = r.layers();
        assertThat(layers.prefixLength(1)).as("header + first layer").isLessThan(r.bytes().length / 6);
        double db = Psnr.of(TestImages.decode(layers.prefix(1)), TestImages.decode(r.bytes()));
        assertThat(db).as("first layer vs final").isGreaterThan(22);
    }

    @Test
    void headerLayersAndEndOfImageReassembleTheSameBytes() throws Exception {
        EncodedRendition r = imaging.render(TestImages.bytes("medium.jpg"), RenditionSpec.width(400, 70));
        ProgressiveLayers layers = r.layers();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        write(sent, layers.header());
        for (int i = 0; i < layers.count(); i++) {
            write(sent, layers.layer(i));
            if (i == 1) {
                ByteArrayOutputStream cut = new ByteArrayOutputStream();
                cut.writeBytes(sent.toByteArray());
                write(cut, ProgressiveLayers.endOfImage());
                assertThat(cut.toByteArray()).isEqualTo(layers.prefix(2));
            }
        }
        write(sent, ProgressiveLayers.endOfImage());
        assertThat(sent.toByteArray()).isEqualTo(r.bytes());
    }

    @Test
    void progressiveIsALosslessRewriteOfTheBaselineEncodingAndStandardDecodersAgree() throws Exception {
        byte[] photo = TestImages.bytes("imaginary.jpg");
        BufferedImage pixels = imaging.renderPixels(photo, RenditionSpec.width(400, 75));
        // One baseline encoder for both (libjpeg-turbo's, where installed, rounds colour conversion a little differently).
        JpegEncoder imageIo = new JpegEncoder(null);
        byte[] baseline = imageIo.encode(pixels, 75, false);
        byte[] progressive = imageIo.encode(pixels, 75, true);
        assertThat(progressive).isNotEqualTo(baseline);
        assertThat(Psnr.of(TestImages.decode(progressive), TestImages.decode(baseline)))
                .as("same coefficients, same pixels").isInfinite();
        assertThat(imaging.render(photo, RenditionSpec.width(400, 75)).layers().count()).isEqualTo(6);
        BufferedImage gray = new BufferedImage(90, 70, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(45, 35, 0, 255);
        byte[] grayJpeg = new JpegEncoder().encode(gray, 90, true);
        assertThat(ProgressiveLayers.split(grayJpeg).count()).isEqualTo(4);
        assertThat(TestImages.decode(grayJpeg).getWidth()).isEqualTo(90);
    }

    @Test
    void baselineJpegHasNoLayers() throws Exception {
        EncodedRendition baseline = imaging.render(TestImages.bytes("medium.jpg"), RenditionSpec.width(200, 70).withProgressive(false));
        assertThatThrownBy(baseline::layers).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ProgressiveLayers.split(baseline.bytes())).isInstanceOf(CorruptImageException.class)
                .hasMessageContaining("not a progressive JPEG");
        byte[] truncated = Arrays.copyOf(TestImages.bytes("large.jpg"), 1000);
        assertThatThrownBy(() -> ProgressiveLayers.split(truncated)).isInstanceOf(CorruptImageException.class);
    }

    private static void write(ByteArrayOutputStream out, ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.writeBytes(bytes);
    }
}
