package dev.meridian.originstub.faults;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The faults in force: one rule per path prefix; the longest matching prefix decides. */
public final class FaultPlan {
    private final ConcurrentSkipListMap<String, FaultRule> rules = new ConcurrentSkipListMap<>();

    /** Installs a rule, replacing any for the same prefix; an OK rule removes that prefix's fault. */
    public void set(FaultRule rule) {
        if (rule.mode() == FaultMode.OK) {
            rules.remove(rule.pathPrefix());
        } else {
            rules.put(rule.pathPrefix(), rule);
        }
    }

    public void clear() {
        rules.clear();
    }

    public Optional<FaultRule> forPath(String path) {
        FaultRule best = null;
        for (Map.Entry<String, FaultRule> e : rules.headMap(path, true).entrySet()) {
            if (path.startsWith(e.getKey()) && (best == null || e.getKey().length() > best.pathPrefix().length())) {
                best = e.getValue();
            }
        }
        return Optional.ofNullable(best);
    }

    public Map<String, FaultRule> rules() {
        return Map.copyOf(rules);
    }
}
