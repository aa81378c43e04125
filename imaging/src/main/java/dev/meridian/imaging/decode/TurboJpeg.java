package dev.meridian.imaging.decode;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.meridian.imaging.CorruptImageException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;

/**
 * libjpeg-turbo's TurboJPEG API (Debian's libturbojpeg0) called through JNA's direct mapping, so no C is
 * compiled anywhere and it runs on every Java from 17 on. It decodes with SIMD and can scale by 1/2, 1/4 or
 * 1/8 inside the inverse DCT, which costs a fraction of a full decode. Pointers cross as {@code long}; every
 * native byte lives in a {@link Memory} freed when the call returns or throws.
 */
final class TurboJpeg {
    private static final int TJPF_BGR = 1;
    private static final int TJPF_GRAY = 6;
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;
    /** Fail on a warning (premature end of data, corrupt entropy data): the pixels would be partly invented. */
    private static final int TJFLAG_STOPONWARNING = 8192;
    /** Refuse progressive files with an absurd number of scans, which would make decoding quadratic. */
    private static final int TJFLAG_LIMITSCANS = 32768;
    private static final int FLAGS = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;

    private static native long tjInitDecompress();

    private static native int tjDecompressHeader3(long handle, long jpegBuf, long jpegSize, long width, long height,
            long jpegSubsamp, long jpegColorspace);

    private static native int tjDecompress2(long handle, long jpegBuf, long jpegSize, long dstBuf, int width, int pitch,
            int height, int pixelFormat, int flags);

    private static native int tjDestroy(long handle);

    private static native String tjGetErrorStr2(long handle);

    private TurboJpeg() {
    }

    /** Binds the library at path; throws a LinkageError or RuntimeException when it cannot. */
    static synchronized TurboJpeg load(Path library) {
        Native.register(TurboJpeg.class, NativeLibrary.getInstance(library.toAbsolutePath().toString()));
        return new TurboJpeg();
    }

    /**
     * Decodes a JPEG reduced by 1, 2, 4 or 8 in each direction (sizes rounded up, as libjpeg does), as
     * 3-byte BGR or 8-bit gray. Returns null, without decoding, when the file is not plain YCbCr or gray
     * or its frame is not the expected width x height, so the caller uses another decoder.
     */
    BufferedImage decode(byte[] jpeg, int expectedWidth, int expectedHeight, int reduction) throws CorruptImageException {
        long handle = tjInitDecompress();
        if (handle == 0) {
            return null;
        }
        try (Memory src = new Memory(jpeg.length); Memory header = new Memory(4L * Integer.BYTES)) {
            src.write(0, jpeg, 0, jpeg.length);
            long srcAt = Pointer.nativeValue(src);
            long headerAt = Pointer.nativeValue(header);
            if (tjDecompressHeader3(handle, srcAt, jpeg.length, headerAt, headerAt + 4, headerAt + 8, headerAt + 12) != 0) {
                throw new CorruptImageException("cannot decode JPEG header: " + error(handle));
            }
            int width = header.getInt(0);
            int height = header.getInt(4);
            int colorspace = header.getInt(12);
            if (width != expectedWidth || height != expectedHeight || (colorspace != TJCS_YCBCR && colorspace != TJCS_GRAY)) {
                return null;
            }
            boolean gray = colorspace == TJCS_GRAY;
            int scaledWidth = (width + reduction - 1) / reduction;
            int scaledHeight = (height + reduction - 1) / reduction;
            int pitch = scaledWidth * (gray ? 1 : 3);
            try (Memory pixels = new Memory((long) pitch * scaledHeight)) {
                if (tjDecompress2(handle, srcAt, jpeg.length, Pointer.nativeValue(pixels), scaledWidth, pitch, scaledHeight,
                        gray ? TJPF_GRAY : TJPF_BGR, FLAGS) != 0) {
                    throw new CorruptImageException("damaged JPEG: " + error(handle));
                }
                BufferedImage image = new BufferedImage(scaledWidth, scaledHeight,
                        gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
                byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                pixels.read(0, out, 0, out.length);
                return image;
            }
        } finally {
            tjDestroy(handle);
        }
    }

    private static String error(long handle) {
        String message = tjGetErrorStr2(handle);
        return message == null ? "unknown error" : message;
    }
}
