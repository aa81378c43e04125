package dev.meridian.originstub.site;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The sample site's photos, painted with Java2D at start (sky gradient, hills, sun, shapes and sensor
 * noise, so they compress like photographs rather than flat art). The stub ships no third-party images.
 * Painting takes a moment, so one set is made per JVM and shared.
 */
public final class Photos {
    /** name -> width x height; the largest is about two megapixels. */
    private static final Map<String, int[]> SIZES = Map.of(
            "landscape-2mp.jpg", new int[] {1920, 1080},
            "portrait-1mp.jpg", new int[] {768, 1280},
            "harbour-800.jpg", new int[] {800, 533},
            "thumb-320.jpg", new int[] {320, 240});

    private static volatile Map<String, Photo> shared;

    private Photos() {
    }

    /** One painted photo. */
    public record Photo(String name, int width, int height, byte[] jpeg) {
    }

    public static Map<String, Photo> shared() {
        Map<String, Photo> photos = shared;
        if (photos == null) {
            synchronized (Photos.class) {
                if (shared == null) {
                    shared = paintAll();
                }
                photos = shared;
            }
        }
        return photos;
    }

    private static Map<String, Photo> paintAll() {
        Map<String, Photo> out = new LinkedHashMap<>();
        SIZES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            int[] size = e.getValue();
            BufferedImage image = paint(size[0], size[1], e.getKey().hashCode());
            out.put(e.getKey(), new Photo(e.getKey(), size[0], size[1], encodeJpeg(image, 0.85f)));
        });
        return Map.copyOf(out);
    }

    static BufferedImage paint(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Color top = Color.getHSBColor(0.55f + random.nextFloat() * 0.1f, 0.6f, 0.95f);
            Color horizon = Color.getHSBColor(0.08f + random.nextFloat() * 0.05f, 0.5f, 1f);
            g.setPaint(new GradientPaint(0, 0, top, 0, height * 0.65f, horizon));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(255, 240, 200, 220));
            float sun = Math.min(width, height) * 0.12f;
            g.fill(new Ellipse2D.Float(width * (0.2f + random.nextFloat() * 0.6f), height * 0.15f, sun, sun));
            for (int layer = 0; layer < 3; layer++) {
                g.setColor(Color.getHSBColor(0.3f + layer * 0.04f, 0.5f, 0.55f - layer * 0.15f));
                g.fill(hills(width, height, random, 0.45f + layer * 0.15f));
            }
            for (int i = 0; i < 40; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 60 + random.nextInt(100)));
                int s = 5 + random.nextInt(Math.max(6, width / 12));
                g.fillOval(random.nextInt(width), height / 2 + random.nextInt(height / 2), s, s / 2 + 1);
            }
        } finally {
            g.dispose();
        }
        addNoise(image, random);
        return image;
    }

    private static Path2D hills(int width, int height, Random random, float level) {
        Path2D.Float path = new Path2D.Float();
        path.moveTo(0, height);
        int steps = 24;
        for (int i = 0; i <= steps; i++) {
            float x = width * i / (float) steps;
            float y = height * level + (float) Math.sin(i * 0.7 + random.nextDouble()) * height * 0.06f;
            path.lineTo(x, y);
        }
        path.lineTo(width, height);
        path.closePath();
        return path;
    }

    private static void addNoise(BufferedImage image, Random random) {
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int x = 0; x < row.length; x++) {
                int n = random.nextInt(17) - 8;
                int r = clamp(((row[x] >> 16) & 0xff) + n);
                int gr = clamp(((row[x] >> 8) & 0xff) + n);
                int b = clamp((row[x] & 0xff) + n);
                row[x] = (r << 16) | (gr << 8) | b;
            }
            image.setRGB(0, y, row.length, 1, row, 0, row.length);
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private static byte[] encodeJpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The JPEG with a comment segment (COM) naming the content version right after SOI: the pixels
     * stay the same, but each version's bytes differ, so a cache serving an old version is visible.
     */
    static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        int segmentLength = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + segmentLength];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (segmentLength >> 8);
        out[5] = (byte) segmentLength;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }
}
