package dev.meridian.imaging.encode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes baseline JPEG with the JDK's libjpeg-based writer (optimised Huffman tables), and progressive
 * JPEG by rewriting that baseline output with Meridian's {@link ScanScript} (see
 * {@link ProgressiveTranscoder}). No source metadata is ever passed in, so EXIF, XMP and ICC segments of
 * the original are not carried over.
 */
public final class JpegEncoder {
    /** @param image opaque 8-bit RGB or gray, in sRGB */
    public byte[] encode(BufferedImage image, int quality, boolean progressive) {
        ImageWriter writer = jdkWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(4096, image.getWidth() * image.getHeight() / 4));
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            ((JPEGImageWriteParam) param).setOptimizeHuffmanTables(!progressive);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JPEG to memory", e);
        } finally {
            writer.dispose();
        }
        if (!progressive) {
            return out.toByteArray();
        }
        try {
            return ProgressiveTranscoder.transcode(out.toByteArray(), ScanScript.forComponents(image.getRaster().getNumBands()));
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding the JDK's own baseline output failed", e);
        }
    }

    /** The JDK's own writer: TwelveMonkeys' wraps it and would only add work here. */
    private static ImageWriter jdkWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter chosen = null;
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (chosen == null || w.getClass().getName().startsWith("com.sun.imageio")) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = w;
            } else {
                w.dispose();
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no JPEG writer in this JVM");
        }
        return chosen;
    }
}
