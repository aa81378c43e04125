package dev.meridian.cli;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.MeridianConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the whole network on one machine: origin stub, every POP's edge (and, later, the GTM). */
@Command(name = "demo", description = "Run the demo network on loopback: origin stub and every POP edge in one process.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        MeridianConfig loaded;
        try {
            loaded = config.load();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Demo demo;
        try {
            demo = Demo.start(loaded);
        } catch (Demo.StartFailure e) {
            System.err.println("meridian demo: " + e.getMessage());
            return 1;
        }
        demo.printGuide(System.out);
        Shutdown.runUntilInterrupted(demo);
        return 0;
    }
}
