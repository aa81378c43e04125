package dev.meridian.core.config;

import java.util.List;

/** A customer: its properties and the tokens that may administer (purge) them. */
public record CustomerConfig(String id, List<String> adminTokens, List<PropertyConfig> properties) implements Validatable {
    public CustomerConfig {
        adminTokens = adminTokens == null ? List.of() : List.copyOf(adminTokens);
        properties = properties == null ? List.of() : List.copyOf(properties);
    }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("id"), id)) {
            errors.check(at.field("id"), id, s -> s.matches("[a-z0-9][a-z0-9-]{0,62}"),
                    "must be lowercase letters, digits or '-'");
        }
        for (int i = 0; i < adminTokens.size(); i++) {
            errors.check(at.field("adminTokens").index(i), adminTokens.get(i), t -> t.length() >= 16,
                    "too short: tokens need at least 16 characters");
        }
        errors.each(at.field("properties"), properties);
    }
}
