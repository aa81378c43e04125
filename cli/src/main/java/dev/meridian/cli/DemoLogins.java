package dev.meridian.cli;

import dev.meridian.console.ConsoleServer;
import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.User;
import dev.meridian.console.auth.Users;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.MeridianConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's two portal logins: a user of the first customer (named after it) and an operator, each
 * with a new random password every run (the database outlives the demo, so an existing login gets its
 * password replaced).
 */
final class DemoLogins {
    static final String OPERATOR = "operator";

    /**
     * One login to print.
     *
     * @param customer the customer it sees, or null for the operator
     */
    record Login(String login, String password, String customer) {
    }

    private DemoLogins() {
    }

    static List<Login> create(ConsoleServer console, MeridianConfig config) {
        Users users = new Users(console.database().dataSource(), Clock.systemUTC());
        PasswordHasher hasher = new PasswordHasher();
        List<Login> out = new ArrayList<>();
        config.customers().stream().findFirst().ifPresent(c -> out.add(ensure(users, hasher, c.id(), c.id())));
        out.add(ensure(users, hasher, OPERATOR, null));
        return out;
    }

    private static Login ensure(Users users, PasswordHasher hasher, String login, String customer) {
        String password = ConsoleUserCommand.generatePassword();
        String hash = hasher.hash(password);
        Optional<User> existing = users.find(login);
        if (existing.isPresent()) {
            users.updateHash(existing.get().id(), hash);
        } else {
            users.add(login, customer == null ? Viewer.Role.OPERATOR : Viewer.Role.CUSTOMER, customer, hash);
        }
        return new Login(login, password, customer);
    }
}
