package dev.meridian.console.start;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.console.testing.FakeGtmAdmin;
import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.probe.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GtmHealthTest {
    private static final String TOKEN = "health-operator-token-0123";

    private static MeridianConfig config(int adminPort, String tokens) {
        try {
            return new ConfigLoader().loadYaml("health.yaml", """
                    dns: { zone: cdn.test, listen: "127.0.0.1:0", admin: "127.0.0.1:%d" }
                    pops: [ { id: sjc, edge: { http: "127.0.0.11:8080", admin: "127.0.0.11:9080" } } ]
                    operatorTokens: %s
                    """.formatted(adminPort, tokens));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryAddressesStatusAndAsksAgainOnlyWhenStale() throws Exception {
        ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
        try (FakeGtmAdmin gtm = new FakeGtmAdmin(TOKEN, "{\"2001:db8:0:0::1\": {\"status\": \"UP\"}, \"192.0.2.1\": {\"status\": \"down\"}}");
             GtmHealth health = new GtmHealth(() -> config(gtm.port(), "[ " + TOKEN + " ]"), clock)) {
            GtmHealth.Snapshot first = health.current();

            assertThat(first.from()).isEqualTo("http://127.0.0.1:" + gtm.port());
            assertThat(first.status("2001:db8::1")).isEqualTo("up");
            assertThat(first.status("192.0.2.1")).isEqualTo("down");
            assertThat(first.status("192.0.2.2")).isEqualTo("unknown");
            assertThat(first.status("not-an-address")).isEqualTo("unknown");

            clock.advance(GtmHealth.FRESH_FOR.minusMillis(1));
            health.current();
            assertThat(gtm.asked()).isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            health.current();
            assertThat(gtm.asked()).isEqualTo(2);
        }
    }

    @Test
    void withoutAnAnswerOrATokenEverythingIsUnknown() throws Exception {
        ManualClock clock = ManualClock.atEpochPlus(Duration.ZERO);
        try (FakeGtmAdmin gtm = new FakeGtmAdmin("another-token-entirely-0000", "{\"192.0.2.1\": {\"status\": \"up\"}}");
             GtmHealth refused = new GtmHealth(() -> config(gtm.port(), "[ " + TOKEN + " ]"), clock);
             GtmHealth tokenless = new GtmHealth(() -> config(gtm.port(), "[]"), clock)) {
            assertThat(refused.current().from()).isNull();
            assertThat(refused.current().status("192.0.2.1")).isEqualTo("unknown");
            assertThat(tokenless.current().from()).isNull();
        }
    }
}
