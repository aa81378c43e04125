package dev.meridian.console.auth;

import dev.meridian.console.web.Viewer;
import java.time.Instant;

/**
 * A portal login as stored.
 *
 * @param customer the customer a customer user belongs to; null for an operator
 * @param passwordHash an Argon2id PHC string (see {@link PasswordHasher})
 */
public record User(long id, String login, Viewer.Role role, String customer, String passwordHash, Instant created,
                   boolean disabled) {
}
