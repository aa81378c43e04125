package dev.meridian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every subcommand answers --help, -h and --version, even one with required options (edge --pop). */
class HelpOptionsTest {
    /** Every subcommand MeridianCli lists, so a new one is covered without touching this test. */
    private static Set<String> subcommands() {
        return new CommandLine(new MeridianCli()).getSubcommands().keySet();
    }

    @Test
    void everySubcommandPrintsItsUsageOnHelpAndExitsZero() {
        assertThat(subcommands()).contains("edge", "demo", "gtm", "purge", "preload", "check-config", "origin-stub");
        for (String name : subcommands()) {
            for (String help : new String[] {"--help", "-h"}) {
                CliEdge.Run run = CliEdge.run(name, help);
                assertThat(run.exitCode()).as(name + " " + help + ": " + run.out()).isZero();
                assertThat(run.out()).as(name + " " + help).contains("Usage: meridian " + name).contains("--help");
            }
        }
    }

    @Test
    void everySubcommandPrintsTheVersionAndExitsZero() {
        for (String name : subcommands()) {
            CliEdge.Run run = CliEdge.run(name, "--version");
            assertThat(run.exitCode()).as(name + " --version: " + run.out()).isZero();
            assertThat(run.out().strip()).as(name + " --version").isEqualTo(MeridianCli.VERSION);
        }
    }
}
