package dev.meridian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the whole network on one machine: origin stub, the GTM and, each in its own child process,
 * every POP's edge, so that stopping one POP ({@code kill <pid>}, printed in the guide) is real.
 */
@Command(name = "demo", description = "Run the demo network on loopback: origin stub, GTM, and every POP edge as its own process.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--one-process", description = "Run the POP edges inside this process too (nothing to kill one by one).")
    boolean oneProcess;

    @Override
    public Integer call() throws InterruptedException {
        var loaded = config.loadOrReport();
        if (loaded.isEmpty()) {
            return 2;
        }
        Demo demo;
        try {
            demo = oneProcess ? Demo.start(config.reloadable(loaded.get()))
                    : Demo.startWithEdgeProcesses(config.reloadable(loaded.get()), config.file, logDir());
        } catch (Demo.StartFailure | IOException e) {
            System.err.println("meridian demo: " + e.getMessage());
            return 1;
        }
        // After the reload ConfigOption registered: the children then read the file the demo has just taken.
        Hangup.onSignal(demo::forwardHangup);
        demo.printGuide(System.out);
        Shutdown.runUntilInterrupted(demo);
        return 0;
    }

    private static Path logDir() throws IOException {
        return Files.createTempDirectory("meridian-demo-edges-");
    }
}
