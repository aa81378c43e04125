package dev.meridian.core.config;

/** One thing wrong with a config: where and what. */
public record ConfigError(ConfigPath path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
