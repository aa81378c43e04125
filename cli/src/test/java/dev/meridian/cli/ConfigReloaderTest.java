package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
    private static final String CONFIG = """
            pops: [ { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } } ]
            customers:
              - id: acme
                properties:
                  - host: acme.cdn.test
                    origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                    defaultTtl: TTL
            """;

    @Test
    void reloadSwapsInAValidFileAndKeepsTheRunningConfigWhenTheFileIsBroken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, CONFIG.replace("TTL", "10s"));
        ConfigLoader loader = new ConfigLoader(name -> null);
        ConfigHolder holder = new ConfigHolder(loader.load(file));
        ConfigReloader reloader = new ConfigReloader(holder, () -> loader.load(file), file.toString());

        Files.writeString(file, CONFIG.replace("TTL", "90s"));
        assertThat(reloader.reload()).isTrue();
        assertThat(ttl(holder.get())).isEqualTo(Duration.ofSeconds(90));

        MeridianConfig running = holder.get();
        Files.writeString(file, CONFIG.replace("TTL", "whenever"));
        assertThat(reloader.reload()).isFalse();
        assertThat(holder.get()).isSameAs(running);

        Files.delete(file);
        assertThat(reloader.reload()).isFalse();
        assertThat(holder.get()).isSameAs(running);
    }

    @Test
    void aNetworkWithAConsoleIgnoresSighupSinceItsVersionsComeFromTheConsole(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        String withConsole = CONFIG + "console: { nodes: [ { id: sjc, role: edge, token: sjc-node-token-000000 } ] }\n";
        Files.writeString(file, withConsole.replace("TTL", "10s"));
        ConfigLoader loader = new ConfigLoader(name -> null);
        ConfigHolder holder = new ConfigHolder(loader.load(file));
        MeridianConfig running = holder.get();
        ConfigReloader reloader = new ConfigReloader(holder, () -> loader.load(file), file.toString());

        Files.writeString(file, withConsole.replace("TTL", "90s"));
        assertThat(reloader.reload()).isFalse();
        assertThat(holder.get()).isSameAs(running);
    }

    private static Duration ttl(MeridianConfig config) {
        return config.property("acme.cdn.test").orElseThrow().defaultTtl();
    }
}
