package dev.meridian.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Validates a config file without starting anything, printing every error with its path. */
@Command(name = "check-config", description = "Validate a config file and print every error with its path.")
final class ConfigCheckCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        return config.loadOrReport().map(c -> {
            System.out.printf("config ok: %d POPs, %d customers, %d properties%n", c.pops().size(), c.customers().size(),
                    c.customers().stream().mapToInt(x -> x.properties().size()).sum());
            return 0;
        }).orElse(2);
    }
}
