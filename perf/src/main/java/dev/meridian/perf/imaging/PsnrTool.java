package dev.meridian.perf.imaging;

import dev.meridian.imaging.quality.Psnr;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Prints the PSNR in dB of each candidate image against a reference: {@code PsnrTool <reference> <candidate>...}. */
public final class PsnrTool {
    private PsnrTool() {
    }

    public static void main(String[] args) throws Exception {
        BufferedImage reference = read(args[0]);
        for (int i = 1; i < args.length; i++) {
            System.out.printf("%s %.2f%n", args[i], Psnr.of(read(args[i]), reference));
        }
    }

    private static BufferedImage read(String path) throws Exception {
        BufferedImage image = ImageIO.read(new File(path));
        if (image == null) {
            throw new IllegalArgumentException("not an image: " + path);
        }
        return image;
    }
}
