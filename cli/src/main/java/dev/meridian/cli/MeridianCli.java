package dev.meridian.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meridian} command: one entry point for every role and tool. */
// Inherited by every subcommand: each answers --help, -h and --version, even one with required options.
@Command(name = "meridian", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true, version = MeridianCli.VERSION,
        description = "Meridian CDN: caching edges, image renditions and a global traffic manager.",
        subcommands = {ConfigCheckCommand.class, OriginStubCommand.class, EdgeCommand.class, DemoCommand.class, GtmCommand.class, ConsoleCommand.class, ConfigCommand.class, PurgeCommand.class, PreloadCommand.class})
public final class MeridianCli {
    /** What {@code --version} prints, on this command and every subcommand. */
    static final String VERSION = "meridian 0.1.0";

    public static void main(String[] args) {
        System.exit(new CommandLine(new MeridianCli()).execute(args));
    }
}
