package dev.meridian.uplink.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAgentTest {
    static final String CONFIG = """
            pops: [ { id: sjc, edge: { http: 127.0.0.1:0, admin: 127.0.0.1:0 } } ]
            customers:
              - id: acme
                properties:
                  - host: acme.cdn.test
                    origins: [ { host: www.acme.test, url: "http://127.0.0.1:8081" } ]
                    defaultTtl: TTL
            console: { nodes: [ { id: sjc, role: edge, token: sjc-node-token-000000 } ] }
            """;

    @TempDir
    Path state;
    private ConfigLoader loader;
    private ConfigHolder holder;

    @BeforeEach
    void startOnTheFile() throws Exception {
        loader = new ConfigLoader(name -> null);
        holder = new ConfigHolder(loader.loadYaml("file", ttl("1s")));
    }

    static String ttl(String ttl) {
        return CONFIG.replace("TTL", ttl);
    }

    private ConfigAgent agent(NodeCheck check) {
        return new ConfigAgent("sjc", holder, loader, check, state);
    }

    private static Duration ttlOf(MeridianConfig config) {
        return config.property("acme.cdn.test").orElseThrow().defaultTtl();
    }

    @Test
    void prepareHoldsWithoutChangingWhatRunsAndCommitSwitches() {
        ConfigAgent agent = agent(c -> Optional.empty());
        MeridianConfig before = holder.get();

        assertThat(agent.prepare(1, ttl("30s")).accepted()).isTrue();
        assertThat(holder.get()).isSameAs(before);
        assertThat(agent.runningVersion()).isZero();

        assertThat(agent.commit(1).accepted()).isTrue();
        assertThat(ttlOf(holder.get())).isEqualTo(Duration.ofSeconds(30));
        assertThat(agent.runningVersion()).isEqualTo(1);
    }

    @Test
    void anInvalidVersionIsRefusedWithItsPathAndCannotBeCommitted() {
        ConfigAgent agent = agent(c -> Optional.empty());
        var vote = agent.prepare(1, ttl("whenever"));
        assertThat(vote.accepted()).isFalse();
        assertThat(vote.message()).contains("defaultTtl");
        assertThat(agent.commit(1).accepted()).isFalse();
        assertThat(agent.runningVersion()).isZero();
    }

    @Test
    void theNodesOwnCheckRefusesWhatOnlyItKnows() {
        ConfigAgent agent = agent(c -> Optional.of("the certificate file is missing here"));
        var vote = agent.prepare(1, ttl("30s"));
        assertThat(vote.accepted()).isFalse();
        assertThat(vote.message()).contains("node sjc: the certificate file is missing here");
    }

    @Test
    void anAbortDropsTheHeldVersionSoItsCommitFails() {
        ConfigAgent agent = agent(c -> Optional.empty());
        agent.prepare(1, ttl("30s"));
        agent.abort(1);
        assertThat(agent.commit(1).accepted()).isFalse();
        assertThat(ttlOf(holder.get())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void onlyTheHeldVersionCanBeCommittedNotAnOlderOneHeldBefore() {
        ConfigAgent agent = agent(c -> Optional.empty());
        agent.prepare(1, ttl("30s"));
        agent.prepare(2, ttl("60s"));
        assertThat(agent.commit(1).accepted()).isFalse();
        assertThat(agent.commit(2).accepted()).isTrue();
        assertThat(ttlOf(holder.get())).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aVersionNotNewerThanTheRunningOneIsRefused() {
        ConfigAgent agent = agent(c -> Optional.empty());
        agent.prepare(2, ttl("30s"));
        agent.commit(2);
        assertThat(agent.prepare(1, ttl("60s")).accepted()).isFalse();
        assertThat(agent.commit(2).accepted()).as("committing what runs is idempotent").isTrue();
    }

    @Test
    void catchUpAppliesANewerCommittedVersionAndIgnoresOlderOnes() {
        ConfigAgent agent = agent(c -> Optional.empty());
        assertThat(agent.catchUp(3, ttl("30s")).accepted()).isTrue();
        assertThat(agent.runningVersion()).isEqualTo(3);
        agent.catchUp(2, ttl("60s"));
        assertThat(ttlOf(holder.get())).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aCommittedVersionSurvivesARestart() throws Exception {
        agent(c -> Optional.empty()).catchUp(4, ttl("45s"));
        assertThat(Files.readString(state.resolve("sjc/committed.yaml"))).startsWith("# meridian committed config version 4\n");

        holder = new ConfigHolder(loader.loadYaml("file", ttl("1s")));
        ConfigAgent restarted = agent(c -> Optional.empty());
        restarted.restore();
        assertThat(restarted.runningVersion()).isEqualTo(4);
        assertThat(ttlOf(holder.get())).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aCorruptCommittedFileLeavesTheNodeOnItsStartingFile() throws Exception {
        Files.createDirectories(state.resolve("sjc"));
        Files.writeString(state.resolve("sjc/committed.yaml"), "# meridian committed config version x\npops: [");
        MeridianConfig before = holder.get();
        ConfigAgent agent = agent(c -> Optional.empty());
        agent.restore();
        assertThat(agent.runningVersion()).isZero();
        assertThat(holder.get()).isSameAs(before);
    }

    @Test
    void aVersionThatCannotBeWrittenIsNotSwitchedTo() throws Exception {
        Files.writeString(state.resolve("sjc"), "a file where the node's directory should be");
        ConfigAgent agent = agent(c -> Optional.empty());
        agent.prepare(1, ttl("30s"));
        assertThat(agent.commit(1).accepted()).isFalse();
        assertThat(agent.runningVersion()).isZero();
        assertThat(ttlOf(holder.get())).isEqualTo(Duration.ofSeconds(1));
    }
}
