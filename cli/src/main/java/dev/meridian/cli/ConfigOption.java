package dev.meridian.cli;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigLoader;
import dev.meridian.core.config.MeridianConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every role shares: a YAML file, or the embedded demo config. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Config file (YAML). Default: the embedded demo config (conf/demo.yaml).")
    Path file;

    public MeridianConfig load() throws ConfigException {
        ConfigLoader loader = new ConfigLoader();
        return file == null ? loader.loadDemo() : loader.load(file);
    }
}
