package dev.meridian.edge.purge;

import dev.meridian.edge.cache.KeyRange;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registry of {@link DerivedContent}; a failing hook is logged and does not stop the purge. */
public final class PurgeHooks {
    private static final Logger log = LoggerFactory.getLogger(PurgeHooks.class);

    private final CopyOnWriteArrayList<DerivedContent> hooks = new CopyOnWriteArrayList<>();

    /** Adds a hook; closing the returned handle removes it again. */
    public AutoCloseable register(DerivedContent hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    int purge(KeyRange range, boolean soft) {
        int n = 0;
        for (DerivedContent hook : hooks) {
            try {
                n += hook.purge(range, soft);
            } catch (RuntimeException e) {
                log.error("purging content derived from {} failed in {}", range.from(), hook, e);
            }
        }
        return n;
    }
}
