package dev.meridian.imaging.decode;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.ImageFormat;
import dev.meridian.imaging.ImageInfo;
import dev.meridian.imaging.ImageTimeoutException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes the first frame of an image whose header has already passed the limits, bounded in time.
 * A decoder warning about the data (libjpeg's "premature end of data", for one) means the pixels are
 * partly invented, so it is treated as corruption rather than rendered. Plain YCbCr and gray JPEGs go to
 * libjpeg-turbo when it is available, which may decode them already reduced; the rest go to ImageIO.
 */
public final class SafeDecoder {
    /** Warnings that mean missing or damaged data, as opposed to advice (TwelveMonkeys' note on CMYK without a profile). */
    private static final Pattern DAMAGE = Pattern.compile("(?i)premature|corrupt|bogus|truncat|invalid|inconsistent|unexpected end");
    private final Duration timeout;
    private final ScaledJpegDecoder scaledJpeg;
    private final LongAdder scaledJpegDecodes = new LongAdder();

    public SafeDecoder(Duration timeout) {
        this(timeout, true);
    }

    /** @param libjpegTurbo whether plain JPEGs may go to libjpeg-turbo (false: ImageIO only, as benchmarks compare) */
    public SafeDecoder(Duration timeout, boolean libjpegTurbo) {
        this(timeout, libjpegTurbo ? ScaledJpegDecoder.system() : ScaledJpegDecoder.none());
    }

    SafeDecoder(Duration timeout, ScaledJpegDecoder scaledJpeg) {
        this.timeout = timeout;
        this.scaledJpeg = scaledJpeg;
    }

    /** The first frame at full size, refusing damaged data and aborting past the timeout. */
    public BufferedImage decode(byte[] data, ImageInfo info) throws ImageException {
        return decode(data, info, 1);
    }

    /**
     * The first frame, possibly reduced by a power of two up to maxReduction when that is cheaper than a
     * full decode (the caller reads the size it got from the image), refusing damaged data.
     */
    public BufferedImage decode(byte[] data, ImageInfo info, double maxReduction) throws ImageException {
        if (info.format() == ImageFormat.JPEG && JpegHeader.read(data).plain()) {
            long start = System.nanoTime();
            BufferedImage image = scaledJpeg.decode(data, info.width(), info.height(), maxReduction);
            if (image != null) {
                // libjpeg-turbo cannot be interrupted, but its time is bounded by the pixel and byte limits
                // already checked and by its cap on progressive scans; an overrun is still reported as one.
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw new ImageTimeoutException("decoding " + info.width() + "x" + info.height()
                            + " JPEG took longer than " + timeout.toMillis() + " ms");
                }
                scaledJpegDecodes.increment();
                return image;
            }
        }
        return decodeWithImageIo(data, info);
    }

    /** How many images libjpeg-turbo decoded (the rest went to ImageIO): a metric, and what tests check. */
    public long scaledJpegDecodes() {
        return scaledJpegDecodes.sum();
    }

    private BufferedImage decodeWithImageIo(byte[] data, ImageInfo info) throws ImageException {
        ImageReader reader = Readers.forImage(info.format(), data);
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        DecodeWatchdog watchdog = null;
        try {
            reader.setInput(new ByteArrayImageInputStream(data), true, true);
            watchdog = DecodeWatchdog.watch(reader, timeout);
            BufferedImage image = reader.read(0);
            if (watchdog.stop()) {
                throw new ImageTimeoutException("decoding " + info.width() + "x" + info.height() + " " + info.format()
                        + " took longer than " + timeout.toMillis() + " ms");
            }
            warnings.removeIf(w -> !DAMAGE.matcher(w).find());
            if (!warnings.isEmpty()) {
                throw new CorruptImageException("damaged " + info.format() + ": " + String.join("; ", warnings));
            }
            if (image == null) {
                throw new CorruptImageException("decoder returned no image");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (watchdog != null && watchdog.stop()) {
                throw new ImageTimeoutException("decoding took longer than " + timeout.toMillis() + " ms", e);
            }
            throw new CorruptImageException("cannot decode " + info.format() + ": " + e.getMessage(), e);
        } finally {
            if (watchdog != null) {
                watchdog.stop();
            }
            reader.dispose();
        }
    }
}
