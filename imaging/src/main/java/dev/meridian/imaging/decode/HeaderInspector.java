package dev.meridian.imaging.decode;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.meridian.core.config.ImagingConfig;
import dev.meridian.imaging.CorruptImageException;
import dev.meridian.imaging.ImageException;
import dev.meridian.imaging.ImageFormat;
import dev.meridian.imaging.ImageInfo;
import dev.meridian.imaging.ImageTooLargeException;
import dev.meridian.imaging.UnsupportedImageException;
import java.io.IOException;
import javax.imageio.ImageReader;

/**
 * Reads format, size, frame count and orientation from an image's header and checks them against the
 * limits. No pixel is decoded, so this is cheap enough to run on every original.
 */
public final class HeaderInspector {
    private final ImagingConfig.Limits limits;

    public HeaderInspector(ImagingConfig.Limits limits) {
        this.limits = limits;
    }

    /** The header's facts, without checking them against the limits. */
    public ImageInfo read(byte[] data) throws ImageException {
        if (data.length > limits.maxInputBytes().bytes()) {
            throw new ImageTooLargeException("input is " + data.length + " bytes, over the limit of "
                    + limits.maxInputBytes().bytes());
        }
        ImageFormat format = ImageFormat.sniff(data)
                .orElseThrow(() -> new UnsupportedImageException("not a JPEG, PNG, GIF or WebP image"));
        ImageReader reader = Readers.forImage(format, data);
        try {
            reader.setInput(new ByteArrayImageInputStream(data), false, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new CorruptImageException("header gives an empty size " + width + "x" + height);
            }
            int frames = format == ImageFormat.GIF || format == ImageFormat.WEBP ? reader.getNumImages(true) : 1;
            if (frames < 1) {
                throw new CorruptImageException("no frames");
            }
            int orientation = format == ImageFormat.JPEG ? ExifOrientation.of(data) : 1;
            return new ImageInfo(format, width, height, frames, orientation);
        } catch (IOException | RuntimeException e) {
            throw new CorruptImageException("unreadable " + format + " header: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /** The header's facts, refusing an image over any limit. */
    public ImageInfo inspect(byte[] data) throws ImageException {
        ImageInfo info = read(data);
        if (info.pixels() > limits.maxPixels()) {
            throw new ImageTooLargeException(info.width() + "x" + info.height() + " is " + info.pixels()
                    + " pixels, over the limit of " + limits.maxPixels());
        }
        if (info.frames() > limits.maxFrames()) {
            throw new ImageTooLargeException(info.frames() + " frames, over the limit of " + limits.maxFrames());
        }
        return info;
    }
}
