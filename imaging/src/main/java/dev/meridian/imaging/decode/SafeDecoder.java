package dev.meridian.imaging.decode;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.ImageInfo;
import dev.meridian.imaging.ImageTimeoutException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes the first frame of an image whose header has already passed the limits, bounded in time.
 * A decoder warning about the data (libjpeg's "premature end of data", for one) means the pixels are
 * partly invented, so it is treated as corruption rather than rendered.
 */
public final class SafeDecoder {
    /** Warnings that mean missing or damaged data, as opposed to advice (TwelveMonkeys' note on CMYK without a profile). */
    private static final Pattern DAMAGE = Pattern.compile("(?i)premature|corrupt|bogus|truncat|invalid|inconsistent|unexpected end");
    private final Duration timeout;

    public SafeDecoder(Duration timeout) {
        this.timeout = timeout;
    }

    /** The first frame, refusing damaged data and aborting past the timeout. */
    public BufferedImage decode(byte[] data, ImageInfo info) throws ImageException {
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
