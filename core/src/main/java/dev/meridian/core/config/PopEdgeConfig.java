package dev.meridian.core.config;

/** A POP edge's listeners: public HTTP, and the admin listener (purge, metrics, health). */
public record PopEdgeConfig(HostPort http, HostPort admin) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.required(at.field("http"), http);
        errors.required(at.field("admin"), admin);
    }
}
