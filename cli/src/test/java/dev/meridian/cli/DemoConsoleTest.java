package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meridian.console.auth.PasswordHasher;
import dev.meridian.console.auth.User;
import dev.meridian.console.auth.Users;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a console section the demo runs the console and prints two logins that work, new each run. */
class DemoConsoleTest {
    private static final Pattern LOGIN = Pattern.compile("^\\s+(\\S+)\\s+password (\\S+)\\s+\\((.*)\\)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private MeridianConfig config() throws Exception {
        return new ConfigLoader(name -> null).loadYaml("demo-console.yaml", """
                pops: [ { id: sjc, edge: { http: "127.0.0.1:0", admin: "127.0.0.1:0" } } ]
                customers:
                  - id: acme
                    properties:
                      - host: acme.cdn.test
                        origins: [ { host: www.acme.test, url: "http://192.0.2.1:80" } ]
                console: { listen: "127.0.0.1:0", stateDir: "%s" }
                """.formatted(dir.toString().replace("\\", "/")));
    }

    private record Printed(String login, String password, String what) {
    }

    private static List<Printed> run(MeridianConfig config, List<Printed> previous) {
        try (Demo demo = Demo.start(config)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DemoGuide(demo).print(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of());
            String guide = out.toString(StandardCharsets.UTF_8);
            assertThat(guide).contains("console      " + demo.console().url() + "/");
            Matcher m = LOGIN.matcher(guide);
            List<Printed> printed = new ArrayList<>();
            while (m.find()) {
                printed.add(new Printed(m.group(1), m.group(2), m.group(3)));
            }
            assertThat(printed).extracting(Printed::login, Printed::what).containsExactly(
                    tuple("acme", "customer acme"),
                    tuple("operator", "operator: every customer and node"));
            Users users = new Users(demo.console().database().dataSource(), Clock.systemUTC());
            PasswordHasher hasher = new PasswordHasher();
            for (Printed p : printed) {
                User user = users.find(p.login()).orElseThrow();
                assertThat(hasher.verify(p.password(), user.passwordHash())).as(p.login()).isTrue();
            }
            for (Printed old : previous) {
                assertThat(hasher.verify(old.password(), users.find(old.login()).orElseThrow().passwordHash()))
                        .as("last run's password for " + old.login()).isFalse();
            }
            assertThat(users.find("acme").orElseThrow().customer()).isEqualTo("acme");
            assertThat(users.find("operator").orElseThrow().customer()).isNull();
            return printed;
        }
    }

    @Test
    void printsACustomerAndAnOperatorLoginThatWorkAndChangeEachRun() throws Exception {
        MeridianConfig config = config();
        List<Printed> first = run(config, List.of());

        run(config, first);
    }
}
