package dev.meridian.cli;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config} option every role shares: a YAML file, or the embedded demo config. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (YAML). Default: the embedded demo config (conf/demo.yaml). "
                    + "Long-running roles reload it on SIGHUP.")
    Path file;

    public MeridianConfig load() throws ConfigException {
        ConfigLoader loader = new ConfigLoader();
        return file == null ? loader.loadDemo() : loader.load(file);
    }

    /** The config, or empty after printing every error in it to stderr. */
    Optional<MeridianConfig> loadOrReport() {
        try {
            return Optional.of(load());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return Optional.empty();
        }
    }

    /** A holder for a long-running role, reloaded from the same source when the process gets SIGHUP. */
    ConfigHolder reloadable(MeridianConfig initial) {
        ConfigHolder holder = new ConfigHolder(initial);
        ConfigReloader.onHangup(new ConfigReloader(holder, this::load, file == null ? "the embedded demo config" : file.toString()));
        return holder;
    }
}
