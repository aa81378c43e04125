package dev.meridian.console.pagecheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageChecksTest {
    private static final MeridianConfig CONFIG;

    static {
        try {
            CONFIG = new ConfigLoader(name -> null).loadYaml("test", """
                    pops: [ { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } } ]
                    customers:
                      - id: acme
                        properties: [ { host: acme.cdn.test, origins: [ { host: www.acme.test, url: "http://127.0.0.1:1" } ] } ]
                      - id: globex
                        properties: [ { host: globex.cdn.test, origins: [ { host: www.globex.test, url: "http://127.0.0.1:2" } ] } ]
                    """);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static String refusal(String customer, String url, List<String> pops) {
        return PageChecks.refusal(CONFIG, customer, new PageCheckRequest(url, pops, false, null)).orElse(null);
    }

    @Test
    void aCustomerChecksOnlyItsOwnHostnames() {
        assertThat(refusal("acme", "http://acme.cdn.test/", List.of())).isNull();
        assertThat(refusal("acme", "https://ACME.cdn.test/shop?q=1", List.of("sjc"))).isNull();
        assertThat(refusal("acme", "http://globex.cdn.test/", List.of())).contains("not one of acme's CDN hostnames");
        assertThat(refusal("acme", "http://127.0.0.1:9080/metrics", List.of())).contains("not one of acme's");
        assertThat(refusal("acme", "http://169.254.169.254/", List.of())).contains("not one of acme's");
    }

    @Test
    void onlyHttpUrlsOnKnownPopsForKnownCustomers() {
        assertThat(refusal("acme", "file:///etc/passwd", List.of())).contains("http://");
        assertThat(refusal("acme", "acme.cdn.test/", List.of())).contains("http://");
        assertThat(refusal("acme", "http://acme.cdn.test/", List.of("nowhere"))).contains("no POP nowhere");
        assertThat(refusal("initech", "http://acme.cdn.test/", List.of())).contains("no customer");
        assertThat(refusal("acme", null, List.of())).isNotNull();
    }
}
