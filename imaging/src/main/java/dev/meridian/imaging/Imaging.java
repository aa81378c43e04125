package dev.meridian.imaging;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.core.config.ImagingConfig.Format;
import dev.meridian.imaging.decode.HeaderInspector;
import dev.meridian.imaging.decode.MemoryBudget;
import dev.meridian.imaging.decode.SafeDecoder;
import dev.meridian.imaging.encode.JpegEncoder;
import dev.meridian.imaging.encode.PngEncoder;
import dev.meridian.imaging.resize.ConvolutionResampler;
import dev.meridian.imaging.resize.Geometry;
import dev.meridian.imaging.resize.Orientation;
import dev.meridian.imaging.resize.Pixels;
import dev.meridian.imaging.resize.Resampler;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;

/**
 * The imaging library's entry point: inspect an original, or render it to a {@link RenditionSpec}.
 * Thread-safe; one instance per set of limits, shared by every render thread, because it owns the
 * working-memory budget that keeps concurrent renders within a bounded heap.
 *
 * <pre>
 * Imaging imaging = new Imaging(config.images().limits());
 * Rendition r = imaging.render(originalBytes, ladder.spec("low", customerId, property.images(), path));
 * </pre>
 */
public final class Imaging {
    /**
     * Working memory charged per source pixel: the decoded raster (up to 4 bytes, or 8 for 16-bit PNG
     * and CMYK while it converts) dominates; the resized copies are small next to it.
     */
    public static final int WORKING_BYTES_PER_PIXEL = 8;

    private final ImagingConfig.Limits limits;
    private final HeaderInspector inspector;
    private final SafeDecoder decoder;
    private final MemoryBudget memory;
    private final Resampler resampler;
    private final JpegEncoder jpeg = new JpegEncoder();
    private final PngEncoder png = new PngEncoder();

    public Imaging(ImagingConfig.Limits limits) {
        this(limits, ConvolutionResampler.standard());
    }

    /** With another resampler: benchmarks compare them. */
    public Imaging(ImagingConfig.Limits limits, Resampler resampler) {
        this.limits = limits;
        this.inspector = new HeaderInspector(limits);
        this.decoder = new SafeDecoder(limits.decodeTimeout());
        this.memory = new MemoryBudget(limits.workingMemory().bytes());
        this.resampler = resampler;
    }

    public static Imaging withDefaults() {
        return new Imaging(ImagingConfig.Limits.defaults());
    }

    /** Format, size, frames and orientation from the header, refusing an image over a limit. */
    public ImageInfo inspect(byte[] original) throws ImageException {
        return inspector.inspect(original);
    }

    /** The rendition of an original for a spec. Blocks while the working-memory budget is full. */
    public Rendition render(byte[] original, RenditionSpec spec) throws ImageException {
        ImageInfo info = inspector.inspect(original);
        if (info.format() == ImageFormat.GIF && info.frames() > 1 && spec.animation()) {
            return new Rendition(original, ImageFormat.GIF, info.width(), info.height(), false);
        }
        try (MemoryBudget.Reservation ignored = memory.reserve(info.pixels() * WORKING_BYTES_PER_PIXEL,
                limits.decodeTimeout())) {
            BufferedImage shown = decodeResized(original, info, spec);
            return encode(shown, spec);
        }
    }

    /** Decoded, cropped, resized and oriented to the spec, in sRGB, not yet encoded. */
    public BufferedImage renderPixels(byte[] original, RenditionSpec spec) throws ImageException {
        ImageInfo info = inspector.inspect(original);
        try (MemoryBudget.Reservation ignored = memory.reserve(info.pixels() * WORKING_BYTES_PER_PIXEL,
                limits.decodeTimeout())) {
            return decodeResized(original, info, spec);
        }
    }

    public MemoryBudget memory() {
        return memory;
    }

    private BufferedImage decodeResized(byte[] original, ImageInfo info, RenditionSpec spec) throws ImageException {
        Geometry plan = Geometry.plan(info.displayWidth(), info.displayHeight(), spec);
        BufferedImage stored = decoder.decode(original, info);
        BufferedImage resized = stored;
        if (!plan.isIdentity()) {
            Rectangle region = Orientation.toStored(info.orientation(),
                    new Rectangle(plan.cropX(), plan.cropY(), plan.cropWidth(), plan.cropHeight()),
                    info.width(), info.height());
            boolean swap = info.transposed();
            resized = resampler.resize(stored, region, swap ? plan.height() : plan.width(),
                    swap ? plan.width() : plan.height());
        }
        return toSrgb(Pixels.interleaved(Orientation.apply(info.orientation(), resized)));
    }

    private Rendition encode(BufferedImage image, RenditionSpec spec) {
        boolean transparent = hasTransparency(image);
        if (spec.format() == Format.PNG || (spec.format() == Format.AUTO && transparent)) {
            return new Rendition(png.encode(straightAlpha(image)), ImageFormat.PNG, image.getWidth(), image.getHeight(), false);
        }
        BufferedImage opaque = image.getColorModel().hasAlpha() ? flatten(image, spec.background()) : image;
        byte[] bytes = jpeg.encode(opaque, spec.quality(), spec.progressive());
        return new Rendition(bytes, ImageFormat.JPEG, image.getWidth(), image.getHeight(), spec.progressive());
    }

    /** Converts images tagged with another ICC profile (Adobe RGB, say) to sRGB, the web's assumption. */
    private static BufferedImage toSrgb(BufferedImage image) {
        ColorSpace cs = image.getColorModel().getColorSpace();
        if (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), image.getColorModel().hasAlpha()
                ? BufferedImage.TYPE_4BYTE_ABGR_PRE : BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(image, out);
        return out;
    }

    private static boolean hasTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        var alpha = image.getAlphaRaster();
        int[] row = new int[image.getWidth()];
        for (int y = 0; y < image.getHeight(); y++) {
            alpha.getSamples(0, y, row.length, 1, 0, row);
            for (int a : row) {
                if (a != 255) {
                    return true;
                }
            }
        }
        return false;
    }

    private static BufferedImage flatten(BufferedImage image, int background) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(new Color(background));
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** PNG stores straight (not premultiplied) alpha. */
    private static BufferedImage straightAlpha(BufferedImage image) {
        if (!image.isAlphaPremultiplied()) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
