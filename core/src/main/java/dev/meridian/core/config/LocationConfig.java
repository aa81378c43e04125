package dev.meridian.core.config;

/** Where a POP is: a display name and coordinates for geographic fallback decisions. */
public record LocationConfig(String name, Double lat, Double lon) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.check(at.field("lat"), lat, v -> v >= -90 && v <= 90, "latitude must be within -90..90");
        errors.check(at.field("lon"), lon, v -> v >= -180 && v <= 180, "longitude must be within -180..180");
    }
}
