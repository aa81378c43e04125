package dev.meridian.uplink.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PurgeScopeTest {
    private MeridianConfig config;

    @BeforeEach
    void load() throws Exception {
        config = new ConfigLoader(Map.<String, String>of()::get).loadYaml("t.yaml", """
                pops: [ { id: sjc, edge: { http: 127.0.0.1:1, admin: 127.0.0.1:2 } } ]
                customers:
                  - id: acme
                    properties:
                      - { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] }
                  - id: globex
                    properties:
                      - { host: globex.cdn.test, origins: [ { host: www.globex.test, url: "http://127.0.0.1:1" } ] }
                """);
    }

    private static PurgeSpec spec(PurgeKind kind, String target) throws PurgeSpec.Malformed {
        return PurgeSpec.of(kind, target, false);
    }

    @Test
    void aCustomerReachesItsOwnHostsInEveryForm() {
        assertThatCode(() -> {
            PurgeScope.check(config, spec(PurgeKind.URL, "http://acme.cdn.test/a.jpg"), "acme");
            PurgeScope.check(config, spec(PurgeKind.URL, "https://ACME.cdn.test./www.acme.test/a.jpg"), "acme");
            PurgeScope.check(config, spec(PurgeKind.PREFIX, "http://www.acme.test/images/"), "acme");
            PurgeScope.check(config, spec(PurgeKind.HOST, "acme.cdn.test"), "acme");
            PurgeScope.check(config, spec(PurgeKind.TAG, "anything"), "acme");
        }).doesNotThrowAnyException();
    }

    @Test
    void anotherCustomersHostOrOriginIsRefusedButAnOperatorReachesIt() {
        assertThatThrownBy(() -> PurgeScope.check(config, spec(PurgeKind.HOST, "globex.cdn.test"), "acme"))
                .isInstanceOfSatisfying(PurgeScope.Refused.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThatThrownBy(() -> PurgeScope.check(config, spec(PurgeKind.URL, "http://www.globex.test/a.jpg"), "acme"))
                .isInstanceOfSatisfying(PurgeScope.Refused.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThatCode(() -> PurgeScope.check(config, spec(PurgeKind.HOST, "www.globex.test"), null)).doesNotThrowAnyException();
    }

    @Test
    void unknownHostsAndNonUrlsAreRefusedForEveryone() {
        assertThatThrownBy(() -> PurgeScope.check(config, spec(PurgeKind.HOST, "nobody.test"), null))
                .isInstanceOfSatisfying(PurgeScope.Refused.class, r -> assertThat(r.status()).isEqualTo(404));
        assertThatThrownBy(() -> PurgeScope.check(config, spec(PurgeKind.URL, "acme.cdn.test/a.jpg"), null))
                .isInstanceOfSatisfying(PurgeScope.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
    }
}
