package dev.meridian.imaging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** libvips' vipsthumbnail (Debian libvips-tools): the Lanczos3 reference for the quality bar. */
public final class Vips {
    private Vips() {
    }

    public static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "vipsthumbnail"))) {
                return true;
            }
        }
        return false;
    }

    /** The source thumbnailed to the given width (Lanczos3, vipsthumbnail's default), lossless. */
    public static BufferedImage thumbnail(Path source, int width, Path workDir) throws IOException, InterruptedException {
        TestImages.require(installed(), "vipsthumbnail is not installed (apt-get install libvips-tools)");
        Path out = workDir.resolve("vips-reference.png");
        Process p = new ProcessBuilder("vipsthumbnail", source.toString(), "-s", width + "x", "-o", out.toString())
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("vipsthumbnail did not finish in 60 s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("vipsthumbnail failed: " + output);
            }
        } finally {
            p.destroyForcibly();
        }
        return ImageIO.read(out.toFile());
    }
}
