package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.User;
import dev.meridian.console.auth.Users;
import dev.meridian.console.db.Database;
import dev.meridian.core.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleUserCommandTest {
    @TempDir
    Path dir;
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(dir.resolve("meridian.yaml"), """
                pops: [ { id: sjc, edge: { http: "127.0.0.11:8080", admin: "127.0.0.11:9080" } } ]
                customers: [ { id: acme } ]
                console: { stateDir: "%s" }
                """.formatted(dir.resolve("console").toString().replace("\\", "/")));
    }

    private User stored(String login) throws Exception {
        try (Database db = Database.open(new ConfigLoader().load(config).consoleConfig().orElseThrow())) {
            return new Users(db.dataSource(), Clock.systemUTC()).find(login).orElseThrow();
        }
    }

    @Test
    void addsACustomerUserWithAGeneratedPasswordThatVerifies() throws Exception {
        CliEdge.Run run = CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "alice", "--customer", "acme");

        assertThat(run.exitCode()).as(run.out()).isZero();
        Matcher password = Pattern.compile("password: (\\S{24})").matcher(run.out());
        assertThat(password.find()).as(run.out()).isTrue();
        User alice = stored("alice");
        assertThat(alice.customer()).isEqualTo("acme");
        assertThat(alice.passwordHash()).startsWith("$argon2id$").doesNotContain(password.group(1));
        assertThat(new PasswordHasher().verify(password.group(1), alice.passwordHash())).isTrue();
    }

    @Test
    void addsAnOperatorWithAPasswordFromStandardInput() throws Exception {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream("a long operator passphrase\n".getBytes(StandardCharsets.UTF_8)));
        CliEdge.Run run;
        try {
            run = CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "olga", "--operator", "--password-stdin");
        } finally {
            System.setIn(original);
        }

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("added olga (operator)").doesNotContain("password:");
        User olga = stored("olga");
        assertThat(olga.customer()).isNull();
        assertThat(new PasswordHasher().verify("a long operator passphrase", olga.passwordHash())).isTrue();

        CliEdge.Run list = CliEdge.run("console", "user", "list", "-c", config.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).containsPattern("olga\\s+operator\\s+-");
    }

    @Test
    void refusesAnUnknownCustomerATakenLoginAShortPasswordAndNoScope() {
        assertThat(CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "bob", "--customer", "globex").exitCode())
                .isEqualTo(2);
        assertThat(CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "bob").exitCode()).isEqualTo(2);
        assertThat(CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "bob", "--customer", "acme")
                .exitCode()).isZero();
        assertThat(CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "BOB", "--operator").exitCode())
                .isEqualTo(1);

        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
        try {
            assertThat(CliEdge.run("console", "user", "add", "-c", config.toString(), "--login", "carl", "--operator",
                    "--password-stdin").exitCode()).isEqualTo(2);
        } finally {
            System.setIn(original);
        }
    }
}
