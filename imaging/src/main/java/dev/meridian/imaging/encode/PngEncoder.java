package dev.meridian.imaging.encode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Writes PNG, for renditions that keep transparency. Only pixels are written, no source metadata. */
public final class PngEncoder {
    public byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(4096, image.getWidth() * image.getHeight()));
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PNG to memory", e);
        }
        return out.toByteArray();
    }
}
