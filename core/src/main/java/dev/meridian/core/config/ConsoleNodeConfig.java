package dev.meridian.core.config;

/**
 * A node allowed to talk to the console.
 *
 * @param id    an edge's POP id, or a GTM server's name ({@code meridian gtm --node <id>}, default {@code gtm})
 * @param role  what the node runs
 * @param token the bearer token it presents (at least 16 characters; from the environment in production)
 */
public record ConsoleNodeConfig(String id, NodeRole role, String token) implements Validatable {

    /** The roles that report to the console. */
    public enum NodeRole { EDGE, GTM }

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("id"), id)) {
            errors.check(at.field("id"), id, i -> i.matches("[a-z0-9][a-z0-9-]{0,62}"),
                    "must be lower-case letters, digits and '-' (up to 63)");
        }
        errors.required(at.field("role"), role);
        if (errors.required(at.field("token"), token)) {
            errors.check(at.field("token"), token, t -> t.length() >= 16, "too short: tokens need at least 16 characters");
        }
    }
}
