package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.imaging.decode.TurboJpegs;
import dev.meridian.imaging.quality.Psnr;
import dev.meridian.imaging.resize.ConvolutionResampler;
import dev.meridian.imaging.resize.Resampler;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downscaling must not alias: at least 36 dB PSNR against libvips' Lanczos3 thumbnail of the same photo. */
class QualityBarTest {
    private static final double BAR_DB = 36.0;
    private static BufferedImage reference;

    @BeforeAll
    static void reference(@TempDir Path work) throws Exception {
        reference = Vips.thumbnail(TestImages.path("large.jpg"), 500, work);
    }

    private static double psnr(Resampler resampler) throws ImageException {
        return psnr(new Imaging(ImagingConfig.Limits.defaults(), resampler));
    }

    private static double psnr(Imaging imaging) throws ImageException {
        BufferedImage ours = imaging.renderPixels(TestImages.bytes("large.jpg"), RenditionSpec.width(500, 80));
        assertThat(ours.getWidth()).isEqualTo(500);
        return Psnr.of(ours, reference);
    }

    @Test
    void defaultPathShrinksOnLoadAndMeetsTheBar() throws Exception {
        TurboJpegs.require();
        Imaging imaging = new Imaging(ImagingConfig.Limits.defaults(), ConvolutionResampler.standard());
        double db = psnr(imaging);
        System.out.printf("default (libjpeg-turbo 1/2 decode + Lanczos3) vs vips Lanczos3: %.2f dB%n", db);
        assertThat(imaging.scaledJpegDecodes()).as("decoded by libjpeg-turbo").isEqualTo(1);
        assertThat(db).isGreaterThanOrEqualTo(BAR_DB);
    }

    @Test
    void fullSizeDecodePathMeetsTheBar() throws Exception {
        Imaging imaging = new Imaging(ImagingConfig.Limits.defaults(), ConvolutionResampler.standard(), false);
        double db = psnr(imaging);
        System.out.printf("ImageIO full decode (box + Lanczos3) vs vips Lanczos3: %.2f dB%n", db);
        assertThat(imaging.scaledJpegDecodes()).isZero();
        assertThat(db).isGreaterThanOrEqualTo(BAR_DB);
    }

    @Test
    void theOtherConvolutionVariantsMeetTheBar() throws Exception {
        // imgscalr (ULTRA_QUALITY) scores about 35.4 dB here, under the bar: perf/ measures it, nothing uses it.
        for (Resampler r : new Resampler[] {
                new ConvolutionResampler(ConvolutionResampler.Kernel.TRIANGLE, 1.5),
                new ConvolutionResampler(ConvolutionResampler.Kernel.LANCZOS3, Double.POSITIVE_INFINITY)}) {
            double db = psnr(r);
            System.out.printf("%s vs vips Lanczos3: %.2f dB%n", r, db);
            assertThat(db).as(r.toString()).isGreaterThanOrEqualTo(BAR_DB);
        }
    }
}
