package dev.meridian.imaging.decode;

import dev.meridian.imaging.ImageFormat;
import dev.meridian.imaging.UnsupportedImageException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;

/**
 * Picks the ImageIO reader for a sniffed format. JPEG goes to TwelveMonkeys, which handles CMYK, YCCK and
 * ICC profiles, unless the file is plain YCbCr or gray, which the JDK's reader decodes twice as fast.
 */
public final class Readers {
    static {
        // Plugins on the class path register once per class loader; a server's class loader may not have scanned yet.
        IIORegistry.getDefaultInstance().registerApplicationClasspathSpis();
    }

    private Readers() {
    }

    public static ImageReader forImage(ImageFormat format, byte[] data) throws UnsupportedImageException {
        if (format != ImageFormat.JPEG) {
            return forFormat(format, null);
        }
        return forFormat(format, JpegHeader.read(data).plain() ? "com.sun.imageio" : "com.twelvemonkeys");
    }

    /** The format's reader whose class name starts with preferred, else the first one installed. */
    private static ImageReader forFormat(ImageFormat format, String preferred) throws UnsupportedImageException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        ImageReader first = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (preferred == null || reader.getClass().getName().startsWith(preferred)) {
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
