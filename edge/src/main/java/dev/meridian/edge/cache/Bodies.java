package dev.meridian.edge.cache;

import java.nio.ByteBuffer;

/** Buffers for stored bodies, shaped for how they are sent. */
public final class Bodies {
    /**
     * From this size a body is kept off-heap. A heap buffer is copied into a temporary direct buffer
     * on every socket write, and again for what remains after each partial write, which for large
     * hits costs more than the send itself; small bodies are cheaper on the heap.
     */
    public static final int DIRECT_THRESHOLD = 64 * 1024;

    private Bodies() {
    }

    public static ByteBuffer of(byte[] bytes) {
        if (bytes.length < DIRECT_THRESHOLD) {
            return ByteBuffer.wrap(bytes);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        return direct;
    }
}
