package dev.meridian.cli;

import dev.meridian.core.config.ConfigHolder;
import dev.meridian.edge.EdgeServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs one POP's edge: the caching reverse proxy and its admin listener, until Ctrl-C. */
@Command(name = "edge", description = "Run the edge (caching reverse proxy) of one POP from the config.")
final class EdgeCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--pop", required = true, paramLabel = "ID", description = "The POP to run, by its id in the config (e.g. sjc).")
    String pop;

    /** The demo starts POP edges as its children: they go when it goes, even when it is killed outright. */
    @Option(names = "--parent-pid", hidden = true, paramLabel = "PID", description = "Stop when this process exits.")
    Long parentPid;

    @Override
    public Integer call() throws InterruptedException {
        var loaded = config.loadOrReport();
        if (loaded.isEmpty()) {
            return 2;
        }
        ConfigHolder holder = config.reloadable(loaded.get());
        if (holder.get().pop(pop).isEmpty()) {
            System.err.println("--pop " + pop + ": no such POP in the config (known: "
                    + String.join(", ", holder.get().pops().stream().map(p -> p.id()).toList()) + ")");
            return 2;
        }
        EdgeServer edge;
        try {
            edge = EdgeServer.start(holder, pop);
        } catch (RuntimeException e) {
            System.err.println("edge " + pop + ": cannot start: " + Failures.rootMessage(e));
            return 1;
        }
        System.out.println("edge " + pop + " serving on http://" + hostPort(edge.httpAddress())
                + "  (metrics: http://" + hostPort(edge.adminAddress()) + "/metrics)");
        if (parentPid != null) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> System.exit(0)),
                    () -> System.exit(0));
        }
        Shutdown.runUntilInterrupted(edge);
        return 0;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
