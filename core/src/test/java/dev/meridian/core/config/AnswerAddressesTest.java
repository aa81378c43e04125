package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerAddressesTest {
    @Test
    void aCdnHostnameIsAnsweredWithEveryPopAndADynamicOneWithItsServers() throws Exception {
        MeridianConfig config = new ConfigLoader().loadYaml("answers.yaml", """
                pops:
                  - { id: sjc, edge: { http: "127.0.0.11:8080", admin: "127.0.0.11:9080" } }
                  - { id: fra, edge: { http: "127.0.0.12:8080", admin: "127.0.0.12:9080" } }
                customers:
                  - id: acme
                    properties:
                      - host: www.acme.test
                        origins: [ { host: origin.acme.test, url: "http://127.0.0.1:1" } ]
                      - host: api.acme.test
                        dns: { servers: [ { address: 192.0.2.10 }, { pop: fra } ] }
                      - host: only-origin-config.acme.test
                """);

        assertThat(AnswerAddresses.of(config, config.property("www.acme.test").orElseThrow())).containsExactly(
                new AnswerAddresses.Target("sjc", "127.0.0.11"), new AnswerAddresses.Target("fra", "127.0.0.12"));
        assertThat(AnswerAddresses.of(config, config.property("api.acme.test").orElseThrow())).containsExactly(
                new AnswerAddresses.Target(null, "192.0.2.10"), new AnswerAddresses.Target("fra", "127.0.0.12"));
        assertThat(AnswerAddresses.of(config, config.property("only-origin-config.acme.test").orElseThrow())).isEmpty();
    }
}
