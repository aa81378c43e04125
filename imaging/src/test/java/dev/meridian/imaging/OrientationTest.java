package dev.meridian.imaging;

import static dev.meridian.imaging.Samples.BL;
import static dev.meridian.imaging.Samples.BR;
import static dev.meridian.imaging.Samples.TL;
import static dev.meridian.imaging.Samples.TR;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EXIF orientation is read from the header and applied, and the rendition carries no EXIF. */
class OrientationTest {
    private final Imaging imaging = Imaging.withDefaults();

    /** Stored quadrants TL=red, TR=green, BL=blue, BR=white; the columns say what each displayed corner shows. */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            "1, RED, GREEN, BLUE, WHITE, true",
            "2, GREEN, RED, WHITE, BLUE, false",
            "3, WHITE, BLUE, GREEN, RED, true",
            "4, BLUE, WHITE, RED, GREEN, false",
            "5, RED, BLUE, GREEN, WHITE, true",
            "6, BLUE, RED, WHITE, GREEN, false",
            "7, WHITE, GREEN, BLUE, RED, true",
            "8, GREEN, WHITE, RED, BLUE, false"})
    void appliesOrientation(int orientation, String tl, String tr, String bl, String br, boolean bigEndian) throws Exception {
        byte[] source = Samples.withOrientation(Samples.jpeg(Samples.quadrants(64, 32), false), orientation, bigEndian);
        ImageInfo info = imaging.inspect(source);
        assertThat(info.orientation()).isEqualTo(orientation);
        boolean quarterTurn = orientation >= 5;

        EncodedRendition same = imaging.render(source, RenditionSpec.width(1000, 90).withProgressive(false));
        assertThat(same.width()).isEqualTo(quarterTurn ? 32 : 64);
        assertThat(same.height()).isEqualTo(quarterTurn ? 64 : 32);
        assertCorners(TestImages.decode(same.bytes()), tl, tr, bl, br);
        assertThat(imaging.inspect(same.bytes()).orientation()).as("EXIF stripped").isEqualTo(1);

        EncodedRendition small = imaging.render(source, RenditionSpec.width(16, 90));
        assertThat(small.width()).isEqualTo(16);
        assertThat(small.height()).isEqualTo(quarterTurn ? 32 : 8);
        assertCorners(TestImages.decode(small.bytes()), tl, tr, bl, br);
    }

    private static void assertCorners(BufferedImage image, String tl, String tr, String bl, String br) {
        int w = image.getWidth();
        int h = image.getHeight();
        assertThat(Samples.near(image.getRGB(w / 4, h / 4))).as("top left").isEqualTo(color(tl));
        assertThat(Samples.near(image.getRGB(3 * w / 4, h / 4))).as("top right").isEqualTo(color(tr));
        assertThat(Samples.near(image.getRGB(w / 4, 3 * h / 4))).as("bottom left").isEqualTo(color(bl));
        assertThat(Samples.near(image.getRGB(3 * w / 4, 3 * h / 4))).as("bottom right").isEqualTo(color(br));
    }

    private static Color color(String name) {
        return switch (name) {
            case "RED" -> TL;
            case "GREEN" -> TR;
            case "BLUE" -> BL;
            default -> BR;
        };
    }
}
