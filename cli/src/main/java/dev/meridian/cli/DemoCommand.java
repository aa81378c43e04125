package dev.meridian.cli;

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
        var loaded = config.loadOrReport();
        if (loaded.isEmpty()) {
            return 2;
        }
        Demo demo;
        try {
            demo = Demo.start(config.reloadable(loaded.get()));
        } catch (Demo.StartFailure e) {
            System.err.println("meridian demo: " + e.getMessage());
            return 1;
        }
        demo.printGuide(System.out);
        Shutdown.runUntilInterrupted(demo);
        return 0;
    }
}
