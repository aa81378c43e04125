package dev.meridian.imaging.encode;

import dev.meridian.imaging.turbojpeg.TurboJpeg;
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
 * JPEG by rewriting a baseline encode with Meridian's {@link ScanScript} (see
 * {@link ProgressiveTranscoder}), which also makes its Huffman tables optimal. That baseline comes from
 * libjpeg-turbo when it is installed: its SIMD encoder is faster than the plain libjpeg some JDKs
 * (Temurin's) bundle for ImageIO, with the same quantisation, chroma subsampling and DCT, so the same
 * quality and size. No source metadata is ever passed in, so EXIF, XMP and ICC segments of the original
 * are not carried over.
 */
public final class JpegEncoder {
    private final TurboJpeg turbo;

    /** Encodes through libjpeg-turbo where it is installed. */
    public JpegEncoder() {
        this(TurboJpeg.installed().orElse(null));
    }

    /** @param turbo the library for progressive output's baseline encode, or null for ImageIO only */
    public JpegEncoder(TurboJpeg turbo) {
        this.turbo = turbo;
    }

    /** @param image opaque 8-bit RGB or gray, in sRGB */
    public byte[] encode(BufferedImage image, int quality, boolean progressive) {
        if (!progressive) {
            return imageIo(image, quality, true);
        }
        byte[] baseline = turbo == null ? null : turbo.compress(image, quality);
        if (baseline == null) {
            baseline = imageIo(image, quality, false);
        }
        try {
            return ProgressiveTranscoder.transcode(baseline, ScanScript.forComponents(image.getRaster().getNumBands()));
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding our own baseline output failed", e);
        }
    }

    /** Baseline JPEG from the JDK's writer; optimising its Huffman tables is wasted work when they are rewritten. */
    private static byte[] imageIo(BufferedImage image, int quality, boolean optimizeHuffman) {
        ImageWriter writer = jdkWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(4096, image.getWidth() * image.getHeight() / 4));
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            ((JPEGImageWriteParam) param).setOptimizeHuffmanTables(optimizeHuffman);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JPEG to memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
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
