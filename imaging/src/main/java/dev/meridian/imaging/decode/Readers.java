package dev.meridian.imaging.decode;

import dev.meridian.imaging.ImageFormat;
import dev.meridian.imaging.UnsupportedImageException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;

/** Picks the ImageIO reader for a sniffed format: TwelveMonkeys for JPEG, as it handles CMYK, YCCK and ICC. */
public final class Readers {
    static {
        // Plugins on the class path register once per class loader; a server's class loader may not have scanned yet.
        IIORegistry.getDefaultInstance().registerApplicationClasspathSpis();
    }

    private Readers() {
    }

    public static ImageReader forFormat(ImageFormat format) throws UnsupportedImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (format != ImageFormat.JPEG || reader.getClass().getName().startsWith("com.twelvemonkeys")) {
                if (first != null) {
                    first.dispose();
                }
                return reader;
            }
            if (first == null) {
                first = reader;
            } else {
                reader.dispose();
            }
        }
        if (first == null) {
            throw new UnsupportedImageException("no reader for " + format + " is installed");
        }
        return first;
    }
}
