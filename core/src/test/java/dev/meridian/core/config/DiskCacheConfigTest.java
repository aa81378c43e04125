package dev.meridian.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DiskCacheConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private MeridianConfig load(String cache) throws ConfigException {
        String yaml = """
                pops:
                  - id: sjc
                    edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 }
                    cache: %s
                """.formatted(cache);
        return loader.loadYaml("test.yaml", yaml);
    }

    @Test
    void diskTierIsOffUnlessConfigured() throws Exception {
        assertThat(load("{ memory: 64MB }").pops().get(0).cache().disk()).isNull();
    }

    @Test
    void loadsDiskSectionWithDefaults() throws Exception {
        DiskCacheConfig disk = load("{ memory: 64MB, disk: { dir: /var/cache/meridian, size: 10GB } }").pops().get(0).cache().disk();

        assertThat(disk.dir()).isEqualTo("/var/cache/meridian");
        assertThat(disk.size().bytes()).isEqualTo(10L << 30);
        assertThat(disk.maxObjectSize()).isEqualTo(DiskCacheConfig.DEFAULT_MAX_OBJECT);
        DiskCacheConfig small = load("{ disk: { dir: d, size: 64MB } }").pops().get(0).cache().disk();
        assertThat(small.maxObjectSize().bytes()).isEqualTo(64L << 20);
    }

    @Test
    void reportsDiskErrorsWithTheirPaths() {
        assertThatThrownBy(() -> load("{ disk: { size: 100KB, maxObjectSize: 1MB } }"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::toString)
                        .contains("pops[0].cache.disk.dir: required",
                                "pops[0].cache.disk.size: must be at least 1MB",
                                "pops[0].cache.disk.maxObjectSize: must not exceed cache.disk.size (102400B)"));
        assertThatThrownBy(() -> load("{ disk: { dir: d, size: 10GB, maxObjectSize: 3GB } }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pops[0].cache.disk.maxObjectSize: must be between 1 byte and 2GB");
    }
}
