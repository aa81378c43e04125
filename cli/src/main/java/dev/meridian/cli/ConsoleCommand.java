package dev.meridian.cli;

import dev.meridian.console.ConsoleServer;
import dev.meridian.core.config.MeridianConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the console alone: the portal and the nodes' API over its database. */
@Command(name = "console", description = "Run the console: the portal, usage ingest and network control.",
        subcommands = ConsoleUserCommand.class)
final class ConsoleCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        var found = config.loadOrReport();
        if (found.isEmpty()) {
            return 2;
        }
        MeridianConfig loaded = found.get();
        if (loaded.consoleConfig().isEmpty()) {
            System.err.println("console: the config has no console section");
            return 2;
        }
        ConsoleServer console;
        try {
            console = ConsoleServer.start(config.reloadable(loaded));
        } catch (Exception e) {
            System.err.println("console: " + Failures.rootMessage(e));
            return 1;
        }
        System.out.println("  console      " + console.url() + "/");
        Shutdown.runUntilInterrupted(console);
        return 0;
    }
}
