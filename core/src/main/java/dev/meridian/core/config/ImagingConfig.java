package dev.meridian.core.config;

/** Network-wide image settings: the speed classes and their default renditions. */
public record ImagingConfig() implements Validatable {
    public static ImagingConfig defaults() {
        return new ImagingConfig();
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
    }
}
