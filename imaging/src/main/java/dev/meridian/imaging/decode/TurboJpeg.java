package dev.meridian.imaging.decode;

import dev.meridian.imaging.CorruptImageException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * libjpeg-turbo's TurboJPEG API (Debian's libturbojpeg0) called through Java 17's incubating foreign
 * linker, so no C is compiled anywhere. It decodes with SIMD and can scale by 1/2, 1/4 or 1/8 inside the
 * inverse DCT, which costs a fraction of a full decode. Every native byte lives in one confined scope
 * per call and is freed when the call returns or throws.
 *
 * <p>Only this class names {@code jdk.incubator.foreign}: a JVM started without that module fails to
 * link it, and {@link ScaledJpegDecoder} then falls back to ImageIO.
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

    private final MethodHandle initDecompress;
    private final MethodHandle decompressHeader3;
    private final MethodHandle decompress2;
    private final MethodHandle destroy;
    private final MethodHandle errorStr2;

    private TurboJpeg(SymbolLookup lookup) {
        CLinker c = CLinker.getInstance();
        MethodType ptr = MethodType.methodType(MemoryAddress.class);
        initDecompress = handle(c, lookup, "tjInitDecompress", ptr, FunctionDescriptor.of(CLinker.C_POINTER));
        decompressHeader3 = handle(c, lookup, "tjDecompressHeader3",
                MethodType.methodType(int.class, MemoryAddress.class, MemoryAddress.class, long.class,
                        MemoryAddress.class, MemoryAddress.class, MemoryAddress.class, MemoryAddress.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_POINTER, CLinker.C_POINTER, CLinker.C_LONG,
                        CLinker.C_POINTER, CLinker.C_POINTER, CLinker.C_POINTER, CLinker.C_POINTER));
        decompress2 = handle(c, lookup, "tjDecompress2",
                MethodType.methodType(int.class, MemoryAddress.class, MemoryAddress.class, long.class,
                        MemoryAddress.class, int.class, int.class, int.class, int.class, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_POINTER, CLinker.C_POINTER, CLinker.C_LONG,
                        CLinker.C_POINTER, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT));
        destroy = handle(c, lookup, "tjDestroy", MethodType.methodType(int.class, MemoryAddress.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_POINTER));
        errorStr2 = handle(c, lookup, "tjGetErrorStr2", MethodType.methodType(MemoryAddress.class, MemoryAddress.class),
                FunctionDescriptor.of(CLinker.C_POINTER, CLinker.C_POINTER));
    }

    /** Binds the library at path; throws a LinkageError or RuntimeException when it cannot. */
    static TurboJpeg load(Path library) {
        System.load(library.toAbsolutePath().toString());
        return new TurboJpeg(SymbolLookup.loaderLookup());
    }

    /**
     * Decodes a JPEG reduced by 1, 2, 4 or 8 in each direction (sizes rounded up, as libjpeg does), as
     * 3-byte BGR or 8-bit gray. Returns null, without decoding, when the file is not plain YCbCr or gray
     * or its frame is not the expected width x height, so the caller uses another decoder.
     */
    BufferedImage decode(byte[] jpeg, int expectedWidth, int expectedHeight, int reduction) throws CorruptImageException {
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemorySegment src = MemorySegment.allocateNative(jpeg.length, scope);
            src.copyFrom(MemorySegment.ofArray(jpeg));
            MemorySegment header = MemorySegment.allocateNative(4L * Integer.BYTES, 8, scope);
            MemoryAddress handle = (MemoryAddress) initDecompress.invokeExact();
            if (handle.equals(MemoryAddress.NULL)) {
                return null;
            }
            try {
                int rc = (int) decompressHeader3.invokeExact(handle, src.address(), (long) jpeg.length,
                        header.address(), header.address().addOffset(4), header.address().addOffset(8),
                        header.address().addOffset(12));
                if (rc != 0) {
                    throw new CorruptImageException("cannot decode JPEG header: " + error(handle));
                }
                int width = MemoryAccess.getIntAtIndex(header, 0);
                int height = MemoryAccess.getIntAtIndex(header, 1);
                int colorspace = MemoryAccess.getIntAtIndex(header, 3);
                if (width != expectedWidth || height != expectedHeight
                        || (colorspace != TJCS_YCBCR && colorspace != TJCS_GRAY)) {
                    return null;
                }
                boolean gray = colorspace == TJCS_GRAY;
                int scaledWidth = (width + reduction - 1) / reduction;
                int scaledHeight = (height + reduction - 1) / reduction;
                int pitch = scaledWidth * (gray ? 1 : 3);
                MemorySegment pixels = MemorySegment.allocateNative((long) pitch * scaledHeight, scope);
                rc = (int) decompress2.invokeExact(handle, src.address(), (long) jpeg.length, pixels.address(),
                        scaledWidth, pitch, scaledHeight, gray ? TJPF_GRAY : TJPF_BGR, FLAGS);
                if (rc != 0) {
                    throw new CorruptImageException("damaged JPEG: " + error(handle));
                }
                BufferedImage image = new BufferedImage(scaledWidth, scaledHeight,
                        gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
                byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                MemorySegment.ofArray(out).copyFrom(pixels);
                return image;
            } finally {
                int ignored = (int) destroy.invokeExact(handle);
            }
        } catch (CorruptImageException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // invokeExact declares Throwable; the native functions themselves throw nothing.
            throw new IllegalStateException(e);
        }
    }

    private String error(MemoryAddress handle) throws Throwable {
        MemoryAddress message = (MemoryAddress) errorStr2.invokeExact(handle);
        return message.equals(MemoryAddress.NULL) ? "unknown error" : CLinker.toJavaString(message);
    }

    private static MethodHandle handle(CLinker c, SymbolLookup lookup, String name, MethodType type, FunctionDescriptor fd) {
        MemoryAddress symbol = lookup.lookup(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name));
        return c.downcallHandle(symbol, type, fd);
    }
}
