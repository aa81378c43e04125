package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.originstub.OriginStub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeCommandTest {
    private OriginStub origin;
    private CliEdge pop;

    @BeforeEach
    void start() throws Exception {
        origin = OriginStub.start("127.0.0.1", 0);
        pop = new CliEdge(origin.baseUrl());
    }

    @AfterEach
    void stop() {
        pop.close();
        origin.close();
    }


    @Test
    void purgesOneUrlAPrefixAndAHostOnTheChosenPops(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("meridian.yaml"), CliEdge.yaml(origin.baseUrl(), pop.http(), pop.admin()));
        CliEdge.Run preload = CliEdge.run("preload", "--edge", pop.http(), "http://acme.cdn.test/api/catalog.json",
                "http://acme.cdn.test/images/landscape-2mp.jpg");
        assertThat(preload.exitCode()).as(preload.out()).isZero();

        CliEdge.Run one = CliEdge.run("purge", "-c", config.toString(), "--pop", "sjc", "--token", CliEdge.ACME,
                "http://acme.cdn.test/www.acme.test/api/catalog.json");

        assertThat(one.exitCode()).as(one.out()).isZero();
        assertThat(one.out()).contains("sjc: purged 1 object(s)");

        CliEdge.Run prefix = CliEdge.run("purge", "-c", config.toString(), "--token", CliEdge.ACME, "--soft",
                "--prefix", "http://acme.cdn.test/images/");
        assertThat(prefix.out()).contains("sjc: marked stale 1 object(s)");

        CliEdge.Run host = CliEdge.run("purge", "--admin", pop.admin(), "--token", CliEdge.OPERATOR, "--host", "acme.cdn.test");
        assertThat(host.out()).contains(pop.admin() + ": purged 1 object(s)");

        CliEdge.Run tag = CliEdge.run("purge", "--admin", pop.admin(), "--token", CliEdge.ACME, "--tag", "product-1");
        assertThat(tag.exitCode()).as(tag.out()).isZero();
        assertThat(tag.out()).contains(pop.admin() + ": purged 0 object(s)");
    }

    @Test
    void reportsRefusalsAndExitsNonZero() {
        CliEdge.Run wrong = CliEdge.run("purge", "--admin", pop.admin(), "--token", "someone-elses-token-000",
                "http://acme.cdn.test/a.jpg");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).contains("HTTP 401: unknown token");

        CliEdge.Run unknownHost = CliEdge.run("purge", "--admin", pop.admin(), "--token", CliEdge.OPERATOR,
                "--host", "nobody.example");
        assertThat(unknownHost.out()).contains("HTTP 404");

        assertThat(CliEdge.run("purge", "--admin", pop.admin(), "http://acme.cdn.test/a.jpg", "--token", "").exitCode()).isEqualTo(2);
    }
}
