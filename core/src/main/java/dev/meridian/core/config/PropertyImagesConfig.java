package dev.meridian.core.config;

/** A property's image delivery settings. */
public record PropertyImagesConfig(Boolean enabled) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
    }
}
