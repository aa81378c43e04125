package dev.meridian.core.config;

/** One point of presence: where it is and where its edge listens. */
public record PopConfig(String id, LocationConfig location, PopEdgeConfig edge, CacheConfig cache) implements Validatable {
    public PopConfig {
        cache = cache == null ? CacheConfig.defaults() : cache;
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("id"), id)) {
            errors.check(at.field("id"), id, s -> s.matches("[a-z0-9][a-z0-9-]{0,31}"),
                    "must be 1-32 lowercase letters, digits or '-'");
        }
        errors.nested(at.field("location"), location);
        if (errors.required(at.field("edge"), edge)) {
            edge.validate(at.field("edge"), errors);
        }
        errors.nested(at.field("cache"), cache);
    }
}
