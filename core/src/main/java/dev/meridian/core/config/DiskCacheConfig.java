package dev.meridian.core.config;

/**
 * A POP's disk tier. Each POP keeps its own store in {@code <dir>/<pop id>}, bounded by
 * {@code size}; objects larger than {@code maxObjectSize} (default: 256MB, or the whole size if
 * smaller) are never written to disk.
 *
 * @param dir where the stores live; relative paths resolve against the working directory
 */
public record DiskCacheConfig(String dir, ByteSize size, ByteSize maxObjectSize) implements Validatable {
    public static final ByteSize DEFAULT_SIZE = ByteSize.ofMegabytes(1024);
    public static final ByteSize DEFAULT_MAX_OBJECT = ByteSize.ofMegabytes(256);
    /** The store weighs objects in 4 KiB blocks held in an int, and an object must fit the store. */
    static final long LARGEST_OBJECT = 1L << 31;

    public DiskCacheConfig {
        size = size == null ? DEFAULT_SIZE : size;
        maxObjectSize = maxObjectSize == null ? ByteSize.ofBytes(Math.min(DEFAULT_MAX_OBJECT.bytes(), size.bytes())) : maxObjectSize;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("dir"), dir)) {
            errors.check(at.field("dir"), dir, d -> !d.contains("\0"), "not a directory path");
        }
        errors.check(at.field("size"), size, s -> s.bytes() >= 1024 * 1024, "must be at least 1MB");
        errors.check(at.field("maxObjectSize"), maxObjectSize, s -> s.bytes() > 0 && s.bytes() <= LARGEST_OBJECT,
                "must be between 1 byte and 2GB");
        errors.check(at.field("maxObjectSize"), maxObjectSize, s -> s.bytes() <= size.bytes(),
                "must not exceed cache.disk.size (" + size + ")");
    }
}
