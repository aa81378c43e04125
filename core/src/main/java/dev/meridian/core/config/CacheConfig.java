package dev.meridian.core.config;

/**
 * A POP's cache tiers. The memory tier is bounded by bytes; objects larger than
 * {@code maxObjectSize} stream through without being cached. The disk tier ({@code disk}) is off
 * unless configured.
 */
public record CacheConfig(ByteSize memory, ByteSize maxObjectSize, DiskCacheConfig disk) implements Validatable {
    public static final ByteSize DEFAULT_MEMORY = ByteSize.ofMegabytes(256);
    public static final ByteSize DEFAULT_MAX_OBJECT = ByteSize.ofMegabytes(16);

    public CacheConfig {
        memory = memory == null ? DEFAULT_MEMORY : memory;
        maxObjectSize = maxObjectSize == null ? DEFAULT_MAX_OBJECT : maxObjectSize;
    }

    public static CacheConfig defaults() {
        return new CacheConfig(null, null, null);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("maxObjectSize"), maxObjectSize, s -> s.bytes() <= memory.bytes(),
                "must not exceed cache.memory (" + memory + ")");
        errors.nested(at.field("disk"), disk);
    }
}
