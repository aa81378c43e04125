package dev.meridian.imaging.turbojpeg;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.meridian.imaging.CorruptImageException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.WritableRaster;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's TurboJPEG API (Debian's libturbojpeg0) called through JNA's direct mapping, so no C is
 * compiled anywhere and it runs on every Java from 17 on. It decodes with SIMD and can scale by 1/2, 1/4 or
 * 1/8 inside the inverse DCT, which costs a fraction of a full decode, and encodes with SIMD too (the JDK's
 * ImageIO writer uses whatever libjpeg the JDK bundles: Temurin's has no SIMD). Pointers cross as
 * {@code long}; every native byte lives in a {@link Memory} freed when the call returns or throws.
 */
public final class TurboJpeg {
    private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);
    private static final String LIBRARY = "libturbojpeg.so.0";

    private static final int TJPF_BGR = 1;
    private static final int TJPF_BGRX = 3;
    private static final int TJPF_XRGB = 5;
    private static final int TJPF_GRAY = 6;
    private static final int TJSAMP_420 = 2;
    private static final int TJSAMP_GRAY = 3;
    private static final int TJCS_YCBCR = 1;
    private static final int TJCS_GRAY = 2;
    /** Compress into the buffer given (sized by tjBufSize) rather than one the library reallocates. */
    private static final int TJFLAG_NOREALLOC = 1024;
    /** Fail on a warning (premature end of data, corrupt entropy data): the pixels would be partly invented. */
    private static final int TJFLAG_STOPONWARNING = 8192;
    /** Refuse progressive files with an absurd number of scans, which would make decoding quadratic. */
    private static final int TJFLAG_LIMITSCANS = 32768;
    private static final int DECODE_FLAGS = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;

    private static native long tjInitDecompress();

    private static native int tjDecompressHeader3(long handle, long jpegBuf, long jpegSize, long width, long height,
            long jpegSubsamp, long jpegColorspace);

    private static native int tjDecompress2(long handle, long jpegBuf, long jpegSize, long dstBuf, int width, int pitch,
            int height, int pixelFormat, int flags);

    private static native long tjInitCompress();

    private static native long tjBufSize(int width, int height, int jpegSubsamp);

    private static native int tjCompress2(long handle, long srcBuf, int width, int pitch, int height, int pixelFormat,
            long jpegBuf, long jpegSize, int jpegSubsamp, int jpegQual, int flags);

    private static native int tjDestroy(long handle);

    private static native String tjGetErrorStr2(long handle);

    private TurboJpeg() {
    }

    /** The JVM-wide binding to the system's libturbojpeg, made on first use; empty (and logged once) when there is none. */
    public static Optional<TurboJpeg> installed() {
        return Installed.INSTANCE;
    }

    /** Binds on first use, so a JVM that does no imaging (the GTM, the origin stub) loads no libjpeg-turbo. */
    private static final class Installed {
        static final Optional<TurboJpeg> INSTANCE = loadFirst(candidates());
    }

    /** Binds the first of the candidate library files that exists; logs why when none can be used. */
    public static synchronized Optional<TurboJpeg> loadFirst(List<Path> candidates) {
        Path library = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        if (library == null) {
            log.warn("{} not found in {} (Debian package libturbojpeg0): JPEGs decode at full size and encode through ImageIO",
                    LIBRARY, candidates);
            return Optional.empty();
        }
        try {
            Native.register(TurboJpeg.class, NativeLibrary.getInstance(library.toAbsolutePath().toString()));
            return Optional.of(new TurboJpeg());
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError when JNA's own stub cannot load (no build for this platform, a noexec
            // temporary directory) or the library lacks a symbol; IllegalCallerException where the JVM
            // denies native access (--illegal-native-access=deny without --enable-native-access).
            log.warn("cannot use {} ({}): JPEGs decode at full size and encode through ImageIO", library, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Decodes a JPEG reduced by 1, 2, 4 or 8 in each direction (sizes rounded up, as libjpeg does), as
     * 3-byte BGR or 8-bit gray. Returns null, without decoding, when the file is not plain YCbCr or gray
     * or its frame is not the expected width x height, so the caller uses another decoder.
     */
    public BufferedImage decode(byte[] jpeg, int expectedWidth, int expectedHeight, int reduction) throws CorruptImageException {
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
                        gray ? TJPF_GRAY : TJPF_BGR, DECODE_FLAGS) != 0) {
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

    /**
     * Encodes baseline JPEG at quality 1-100, with the JDK writer's choices (4:2:0 chroma, or one gray
     * component; the accurate integer DCT; standard Huffman tables). Returns null, without encoding, for a
     * pixel layout other than 3-byte BGR, 8-bit gray or int RGB filling its own buffer, so the caller uses
     * another encoder.
     */
    public byte[] compress(BufferedImage image, int quality) {
        PixelLayout layout = PixelLayout.of(image);
        if (layout == null) {
            return null;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        long handle = tjInitCompress();
        if (handle == 0) {
            throw new IllegalStateException("tjInitCompress failed: " + error(0));
        }
        try (Memory pixels = new Memory((long) layout.pitch(width) * height);
                Memory out = new Memory(tjBufSize(width, height, layout.subsampling));
                Memory outArgs = new Memory(2L * Long.BYTES)) {
            layout.copy(image.getRaster(), pixels);
            outArgs.setLong(0, Pointer.nativeValue(out)); // unsigned char *jpegBuf
            outArgs.setLong(Long.BYTES, out.size());      // unsigned long jpegSize: in, the room; out, the length
            long outArgsAt = Pointer.nativeValue(outArgs);
            if (tjCompress2(handle, Pointer.nativeValue(pixels), width, layout.pitch(width), height, layout.pixelFormat,
                    outArgsAt, outArgsAt + Long.BYTES, layout.subsampling, quality, TJFLAG_NOREALLOC) != 0) {
                throw new IllegalStateException("JPEG encode failed: " + error(handle));
            }
            return out.getByteArray(0, (int) outArgs.getLong(Long.BYTES));
        } finally {
            tjDestroy(handle);
        }
    }

    /** How a BufferedImage's pixels map onto one of TurboJPEG's pixel formats. */
    private enum PixelLayout {
        BGR(TJPF_BGR, TJSAMP_420, 3, 3),
        GRAY(TJPF_GRAY, TJSAMP_GRAY, 1, 1),
        /** 0x00RRGGBB ints, which lie in memory as B G R X on a little-endian machine and X R G B on a big-endian one. */
        INT_RGB(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB, TJSAMP_420, 4, 1);

        final int pixelFormat;
        final int subsampling;
        final int bytesPerPixel;
        /** Array elements (bytes or ints) per pixel in the image's data buffer. */
        final int elementsPerPixel;

        PixelLayout(int pixelFormat, int subsampling, int bytesPerPixel, int elementsPerPixel) {
            this.pixelFormat = pixelFormat;
            this.subsampling = subsampling;
            this.bytesPerPixel = bytesPerPixel;
            this.elementsPerPixel = elementsPerPixel;
        }

        static PixelLayout of(BufferedImage image) {
            WritableRaster raster = image.getRaster();
            if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
                return null; // a sub-image: its pixels are not one contiguous run
            }
            long pixels = (long) image.getWidth() * image.getHeight();
            PixelLayout layout = switch (image.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR -> BGR;
                case BufferedImage.TYPE_BYTE_GRAY -> GRAY;
                case BufferedImage.TYPE_INT_RGB -> INT_RGB;
                default -> null;
            };
            return layout != null && raster.getDataBuffer().getSize() == pixels * layout.elementsPerPixel ? layout : null;
        }

        int pitch(int width) {
            return width * bytesPerPixel;
        }

        void copy(WritableRaster raster, Memory to) {
            if (this == INT_RGB) {
                int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
                to.write(0, data, 0, data.length);
            } else {
                byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
                to.write(0, data, 0, data.length);
            }
        }
    }

    private static String error(long handle) {
        String message = tjGetErrorStr2(handle);
        return message == null ? "unknown error" : message;
    }

    /** Where Debian, Fedora and the JVM's own library path put shared libraries. */
    private static List<Path> candidates() {
        List<String> dirs = new ArrayList<>(List.of(System.getProperty("java.library.path", "").split(":")));
        dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/lib"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, LIBRARY)).distinct().toList();
    }
}
