package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig.Fit;
import dev.meridian.core.config.ImagingConfig.Format;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every input format decodes and renders; output is JPEG unless transparency needs PNG. */
class FormatsTest {
    private final Imaging imaging = Imaging.withDefaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "large.jpg, JPEG, 1920, 1080",
            "medium.jpg, JPEG, 970, 644",
            "imaginary.jpg, JPEG, 550, 740",
            "smart-crop.jpg, JPEG, 700, 1050",
            "test.webp, WEBP, 550, 368"})
    void inspectsAndRendersThePhotos(String name, ImageFormat format, int width, int height) throws Exception {
        byte[] original = TestImages.bytes(name);
        ImageInfo info = imaging.inspect(original);
        assertThat(info).isEqualTo(new ImageInfo(format, width, height, 1, 1));

        EncodedRendition r = imaging.render(original, RenditionSpec.width(300, 80));
        assertThat(r.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(r.width()).isEqualTo(300);
        assertThat(r.height()).isEqualTo(Math.round(height * 300f / width));
        BufferedImage decoded = TestImages.decode(r.bytes());
        assertThat(decoded.getWidth()).isEqualTo(r.width());
        assertThat(decoded.getHeight()).isEqualTo(r.height());
    }

    @Test
    void rgbaPngRendersAsJpegWhenNothingIsTransparentAndAsPngWhenAsked() throws Exception {
        // test.png has an alpha channel, but every pixel is opaque: JPEG is the smaller honest answer.
        byte[] original = TestImages.bytes("test.png");
        assertThat(imaging.inspect(original)).isEqualTo(new ImageInfo(ImageFormat.PNG, 400, 300, 1, 1));
        EncodedRendition auto = imaging.render(original, RenditionSpec.width(200, 80));
        assertThat(auto.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(auto.height()).isEqualTo(150);

        EncodedRendition png = imaging.render(original, RenditionSpec.width(200, 80).withFormat(Format.PNG));
        assertThat(png.contentType()).isEqualTo("image/png");
        BufferedImage decoded = TestImages.decode(png.bytes());
        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getWidth()).isEqualTo(200);
    }

    @Test
    void transparencyIsFlattenedOntoTheBackgroundWhenTheSpecAsksForJpeg() throws Exception {
        BufferedImage half = new BufferedImage(100, 50, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = half.createGraphics();
        g.setComposite(AlphaComposite.Src);
        g.setColor(new Color(0, 0, 0, 0));
        g.fillRect(0, 0, 50, 50);
        g.setColor(Color.BLUE);
        g.fillRect(50, 0, 50, 50);
        g.dispose();
        byte[] png = Samples.write(half, "png");

        EncodedRendition auto = imaging.render(png, RenditionSpec.width(100, 90));
        assertThat(auto.format()).isEqualTo(ImageFormat.PNG);
        assertThat(TestImages.decode(auto.bytes()).getRGB(10, 25) >>> 24).as("alpha kept").isZero();

        RenditionSpec jpegOnRed = new RenditionSpec(100, 0, Fit.INSIDE, 90, true, Format.JPEG, false, 0xFF0000, true);
        EncodedRendition flat = imaging.render(png, jpegOnRed);
        assertThat(flat.format()).isEqualTo(ImageFormat.JPEG);
        BufferedImage decoded = TestImages.decode(flat.bytes());
        assertThat(Samples.near(decoded.getRGB(10, 25))).isEqualTo(Color.RED);
        assertThat(Samples.near(decoded.getRGB(90, 25))).isEqualTo(Color.BLUE);
    }

    @Test
    void opaquePngBecomesJpegUnlessPngIsAsked() throws Exception {
        byte[] png = Samples.write(Samples.quadrants(80, 40), "png");
        assertThat(imaging.render(png, RenditionSpec.width(40, 80)).format()).isEqualTo(ImageFormat.JPEG);
        EncodedRendition asked = imaging.render(png, RenditionSpec.width(40, 80).withFormat(Format.PNG));
        assertThat(asked.format()).isEqualTo(ImageFormat.PNG);
        assertThat(Samples.near(TestImages.decode(asked.bytes()).getRGB(5, 5))).isEqualTo(Samples.TL);
    }

    @Test
    void gifRendersItsFirstFrameAndAnimationsPassThroughWhenAllowed() throws Exception {
        byte[] animated = Samples.gif(60, 30, Color.RED, Color.BLUE, Color.GREEN);
        assertThat(imaging.inspect(animated)).isEqualTo(new ImageInfo(ImageFormat.GIF, 60, 30, 3, 1));

        EncodedRendition passed = imaging.render(animated, RenditionSpec.width(30, 80));
        assertThat(passed.format()).isEqualTo(ImageFormat.GIF);
        assertThat(passed.bytes()).isSameAs(animated);

        EncodedRendition firstFrame = imaging.render(animated, RenditionSpec.width(30, 80).withAnimation(false));
        assertThat(firstFrame.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(firstFrame.width()).isEqualTo(30);
        assertThat(Samples.near(TestImages.decode(firstFrame.bytes()).getRGB(15, 7))).isEqualTo(Color.RED);

        byte[] still = Samples.gif(60, 30, Color.BLUE);
        EncodedRendition stillRendered = imaging.render(still, RenditionSpec.width(30, 80));
        assertThat(stillRendered.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(Samples.near(TestImages.decode(stillRendered.bytes()).getRGB(15, 7))).isEqualTo(Color.BLUE);
    }

    @Test
    void grayscaleJpegStaysGray() throws Exception {
        BufferedImage gray = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 32, 64);
        g.dispose();
        EncodedRendition r = imaging.render(Samples.jpeg(gray, false), RenditionSpec.width(32, 80));
        BufferedImage decoded = TestImages.decode(r.bytes());
        assertThat(decoded.getRaster().getNumBands()).isEqualTo(1);
        assertThat(decoded.getRGB(4, 10) & 0xff).isGreaterThan(200);
        assertThat(decoded.getRGB(28, 10) & 0xff).isLessThan(50);
        assertThat(r.layers().count()).isGreaterThan(1);
    }

    @Test
    void cmykAndYcckJpegsAreConvertedToRgb() throws Exception {
        // Adobe CMYK is stored inverted: C=0 M=255 Y=255 K=0 (red) is stored as 255, 0, 0, 255.
        byte[] cmyk = Samples.adobeFourChannel(64, 32, 0, new int[] {255, 0, 0, 255});
        EncodedRendition r = imaging.render(cmyk, RenditionSpec.width(32, 90));
        assertThat(Samples.near(TestImages.decode(r.bytes()).getRGB(16, 8))).isEqualTo(Color.RED);

        // YCCK stores red's C, M, Y (0, 255, 255) as if they were R, G, B in YCbCr, and K inverted:
        // Y=179 Cb=171 Cr=1 K=255.
        byte[] ycck = Samples.adobeFourChannel(64, 32, 2, new int[] {179, 171, 1, 255});
        assertThat(ycck).as("really two different encodings").isNotEqualTo(cmyk);
        EncodedRendition y = imaging.render(ycck, RenditionSpec.width(32, 90));
        assertThat(Samples.near(TestImages.decode(y.bytes()).getRGB(16, 8))).isEqualTo(Color.RED);
    }

    @Test
    void embeddedIccProfileIsConvertedToSrgb() throws Exception {
        // Samples of 128 mean 50% light in linear RGB, which is about 188 in sRGB.
        BufferedImage gray = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = gray.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        byte[] plain = Samples.jpeg(gray, false);
        byte[] linear = Samples.withIccProfile(plain,
                java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB));

        int untagged = TestImages.decode(imaging.render(plain, RenditionSpec.width(16, 95)).bytes()).getRGB(8, 8) & 0xff;
        int converted = TestImages.decode(imaging.render(linear, RenditionSpec.width(16, 95)).bytes()).getRGB(8, 8) & 0xff;
        assertThat(untagged).isBetween(124, 132);
        assertThat(converted).isBetween(180, 196);
    }

    @Test
    void outputCarriesNoMetadataFromTheOriginal() throws Exception {
        byte[] source = Samples.withOrientation(Samples.jpeg(Samples.quadrants(64, 32), false), 1, true);
        byte[] out = imaging.render(source, RenditionSpec.width(32, 80)).bytes();
        String text = new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("Exif").doesNotContain("ICC_PROFILE").doesNotContain("http://ns.adobe.com/xap");
    }

    @Test
    void coverCropsAndExactDistorts() throws Exception {
        byte[] source = Samples.jpeg(Samples.quadrants(200, 100), false);
        EncodedRendition cover = imaging.render(source, RenditionSpec.width(50, 90).withBox(50, 50, Fit.COVER));
        assertThat(cover.width()).isEqualTo(50);
        assertThat(cover.height()).isEqualTo(50);
        BufferedImage c = TestImages.decode(cover.bytes());
        // The centre square of a 2:1 image still shows all four quadrants.
        assertThat(Samples.near(c.getRGB(10, 10))).isEqualTo(Samples.TL);
        assertThat(Samples.near(c.getRGB(40, 40))).isEqualTo(Samples.BR);

        EncodedRendition exact = imaging.render(source, RenditionSpec.width(50, 90).withBox(40, 80, Fit.EXACT));
        assertThat(exact.width()).isEqualTo(40);
        assertThat(exact.height()).isEqualTo(80);
    }
}
