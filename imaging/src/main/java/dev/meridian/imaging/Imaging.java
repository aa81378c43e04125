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
 * EncodedRendition r = imaging.render(originalBytes, ladder.spec("low", customerId, property.images(), path));
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
        this(limits, resampler, true);
    }

    /**
     * @param shrinkOnLoad whether plain JPEGs are decoded by libjpeg-turbo, reduced on load, when it is
     *                     installed (false: ImageIO at full size, as benchmarks and tests compare)
     */
    public Imaging(ImagingConfig.Limits limits, Resampler resampler, boolean shrinkOnLoad) {
        this.limits = limits;
        this.inspector = new HeaderInspector(limits);
        this.decoder = new SafeDecoder(limits.decodeTimeout(), shrinkOnLoad);
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
    public EncodedRendition render(byte[] original, RenditionSpec spec) throws ImageException {
        ImageInfo info = inspector.inspect(original);
        if (info.format() == ImageFormat.GIF && info.frames() > 1 && spec.animation()) {
            return new EncodedRendition(original, ImageFormat.GIF, info.width(), info.height(), false);
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
        BufferedImage resized;
        if (plan.isIdentity()) {
            resized = decoder.decode(original, info);
        } else {
            Rectangle region = Orientation.toStored(info.orientation(),
                    new Rectangle(plan.cropX(), plan.cropY(), plan.cropWidth(), plan.cropHeight()),
                    info.width(), info.height());
            boolean swap = info.transposed();
            int width = swap ? plan.height() : plan.width();
            int height = swap ? plan.width() : plan.height();
            // The decoder may shrink on load as long as the region keeps at least the output's pixels,
            // so the resampler still does the final, anti-aliased step.
            double maxReduction = Math.min((double) region.width / width, (double) region.height / height);
            BufferedImage stored = decoder.decode(original, info, maxReduction);
            resized = resampler.resize(stored, scale(region, info, stored), width, height);
        }
        return toSrgb(Pixels.interleaved(Orientation.apply(info.orientation(), resized)));
    }

    /** How many JPEGs were decoded by libjpeg-turbo, shrinking on load, rather than ImageIO. */
    public long scaledJpegDecodes() {
        return decoder.scaledJpegDecodes();
    }

    /** A region of the stored image mapped onto the decoded one, rounded outwards. */
    private static Rectangle scale(Rectangle region, ImageInfo info, BufferedImage decoded) {
        long w = decoded.getWidth();
        long h = decoded.getHeight();
        if (w == info.width() && h == info.height()) {
            return region;
        }
        int x0 = (int) (region.x * w / info.width());
        int y0 = (int) (region.y * h / info.height());
        int x1 = (int) Math.min(w, ((long) region.x + region.width) * w / info.width()
                + (((long) region.x + region.width) * w % info.width() == 0 ? 0 : 1));
        int y1 = (int) Math.min(h, ((long) region.y + region.height) * h / info.height()
                + (((long) region.y + region.height) * h % info.height() == 0 ? 0 : 1));
        return new Rectangle(x0, y0, x1 - x0, y1 - y0);
    }

    private EncodedRendition encode(BufferedImage image, RenditionSpec spec) {
        boolean transparent = hasTransparency(image);
        if (spec.format() == Format.PNG || (spec.format() == Format.AUTO && transparent)) {
            return new EncodedRendition(png.encode(straightAlpha(image)), ImageFormat.PNG, image.getWidth(), image.getHeight(), false);
        }
        BufferedImage opaque = image.getColorModel().hasAlpha() ? flatten(image, spec.background()) : image;
        byte[] bytes = jpeg.encode(opaque, spec.quality(), spec.progressive());
        return new EncodedRendition(bytes, ImageFormat.JPEG, image.getWidth(), image.getHeight(), spec.progressive());
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
