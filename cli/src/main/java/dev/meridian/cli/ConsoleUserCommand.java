package dev.meridian.cli;

import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.User;
import dev.meridian.console.auth.Users;
import dev.meridian.console.db.Database;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.MeridianConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meridian console user add|list}: the portal's logins, written straight into the console's
 * database (the embedded H2 file is one process's at a time: run these while the console is stopped, or
 * against PostgreSQL at any time).
 */
@Command(name = "user", description = "Add or list the portal's logins.",
        subcommands = {ConsoleUserCommand.Add.class, ConsoleUserCommand.ListUsers.class})
final class ConsoleUserCommand {
    /** Passwords chosen by people are at least this long; generated ones are 24 characters. */
    static final int MIN_PASSWORD = 12;

    @Command(name = "add", description = "Add a login for a customer (--customer) or an operator (--operator). "
            + "Prints a generated password, or reads one line from standard input with --password-stdin.")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--login", required = true, paramLabel = "NAME", description = "Letters, digits and . _ @ - (up to 64).")
        String login;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Scope scope;

        static final class Scope {
            @Option(names = "--customer", paramLabel = "ID", description = "The customer (from the config) the user sees.")
            String customer;

            @Option(names = "--operator", description = "An operator: sees every customer and the network.")
            boolean operator;
        }

        @Option(names = "--password-stdin", description = "Read the password from standard input instead of generating one.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Optional<MeridianConfig> loaded = withConsole(config);
            if (loaded.isEmpty()) {
                return 2;
            }
            String customer = scope.operator ? null : scope.customer;
            if (customer != null && loaded.get().customers().stream().noneMatch(c -> c.id().equals(customer))) {
                System.err.println("console user add: no customer " + customer + " in the config");
                return 2;
            }
            String password;
            try {
                password = passwordStdin ? readPassword() : generatePassword();
            } catch (IOException e) {
                System.err.println("console user add: could not read the password: " + e.getMessage());
                return 2;
            }
            if (password.length() < MIN_PASSWORD) {
                System.err.println("console user add: a password needs at least " + MIN_PASSWORD + " characters");
                return 2;
            }
            try (Database db = Database.open(loaded.get().consoleConfig().orElseThrow())) {
                User user = new Users(db.dataSource(), Clock.systemUTC()).add(login,
                        customer == null ? Viewer.Role.OPERATOR : Viewer.Role.CUSTOMER, customer, new PasswordHasher().hash(password));
                System.out.println("added " + user.login() + (customer == null ? " (operator)" : " (customer " + customer + ")"));
                if (!passwordStdin) {
                    System.out.println("password: " + password);
                }
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("console user add: " + e.getMessage());
                return 1;
            } catch (RuntimeException e) {
                System.err.println("console user add: " + Failures.rootMessage(e));
                return 1;
            }
        }
    }

    @Command(name = "list", description = "List the portal's logins.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            Optional<MeridianConfig> loaded = withConsole(config);
            if (loaded.isEmpty()) {
                return 2;
            }
            try (Database db = Database.open(loaded.get().consoleConfig().orElseThrow())) {
                System.out.printf("%-32s %-9s %-20s %s%n", "LOGIN", "ROLE", "CUSTOMER", "CREATED");
                for (User u : new Users(db.dataSource(), Clock.systemUTC()).list()) {
                    System.out.printf("%-32s %-9s %-20s %s%s%n", u.login(), u.role().name().toLowerCase(Locale.ROOT),
                            u.customer() == null ? "-" : u.customer(), u.created(), u.disabled() ? " (disabled)" : "");
                }
                return 0;
            } catch (RuntimeException e) {
                System.err.println("console user list: " + Failures.rootMessage(e));
                return 1;
            }
        }
    }

    /** The config, if it loads and has a console section; otherwise empty, after saying why on stderr. */
    private static Optional<MeridianConfig> withConsole(ConfigOption config) {
        Optional<MeridianConfig> loaded = config.loadOrReport();
        if (loaded.isPresent() && loaded.get().consoleConfig().isEmpty()) {
            System.err.println("console user: the config has no console section");
            return Optional.empty();
        }
        return loaded;
    }

    /** 18 random bytes: 144 bits, 24 characters that survive copying from a terminal. */
    static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String readPassword() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? "" : line;
    }
}
