package dev.meridian.core.config;

/** A config record that checks itself; nested sections are checked by their parent's call. */
public interface Validatable {
    void validate(ConfigPath at, ConfigErrors errors);
}
