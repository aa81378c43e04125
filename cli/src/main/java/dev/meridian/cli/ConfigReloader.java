package dev.meridian.cli;

import dev.meridian.core.config.ConfigException;
import dev.meridian.core.config.ConfigHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a running role's config on request: the whole new config is swapped in, or, when it has
 * errors, none of it, and the running config keeps serving. SIGHUP is the request, as operators expect
 * of a server without a console.
 */
final class ConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final ConfigHolder holder;
    private final ConfigHolder.ConfigSupplier source;
    private final String sourceName;

    ConfigReloader(ConfigHolder holder, ConfigHolder.ConfigSupplier source, String sourceName) {
        this.holder = holder;
        this.source = source;
        this.sourceName = sourceName;
    }

    static void onHangup(ConfigReloader reloader) {
        Hangup.onSignal(reloader::reload);
    }

    /**
     * Returns whether the new config was applied. A network with a console takes its config versions
     * from the console alone (so no two nodes run different versions): there SIGHUP changes nothing.
     */
    boolean reload() {
        if (holder.get().consoleConfig().isPresent()) {
            log.warn("SIGHUP ignored: this network's config comes from its console; push a new version with"
                    + " `meridian config push FILE`");
            return false;
        }
        try {
            holder.reload(source);
            log.info("config reloaded from {}", sourceName);
            return true;
        } catch (ConfigException e) {
            log.error("config reload refused, still running the previous config:\n{}", e.getMessage());
            return false;
        } catch (RuntimeException e) {
            log.error("config reload failed, still running the previous config: {}", Failures.rootMessage(e), e);
            return false;
        }
    }
}
