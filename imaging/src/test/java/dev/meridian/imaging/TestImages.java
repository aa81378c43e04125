package dev.meridian.imaging;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The shared test photos, and the requirement rule for things tests need from outside the repository. */
public final class TestImages {
    private TestImages() {
    }

    public static Path dir() {
        String configured = System.getenv("MERIDIAN_TESTDATA");
        Path dir = configured != null ? Path.of(configured, "images")
                : Path.of(System.getProperty("user.dir")).resolve("../../shared/testdata/images").normalize();
        require(Files.isDirectory(dir), "test photos not found at " + dir + " (set MERIDIAN_TESTDATA to the testdata directory)");
        return dir;
    }

    public static Path path(String name) {
        return dir().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw new AssertionError("ImageIO could not decode " + encoded.length + " bytes");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Under CI a missing prerequisite fails the test; elsewhere it skips with the reason. */
    public static void require(boolean present, String message) {
        if (!present) {
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (required under CI=true)");
            }
            assumeTrue(false, message);
        }
    }
}
