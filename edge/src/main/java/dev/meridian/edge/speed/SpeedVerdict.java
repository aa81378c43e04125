package dev.meridian.edge.speed;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A request's speed class and the signal that decided it. */
public record SpeedVerdict(String speedClass, SpeedSource source) {
    /** The value of {@code X-Meridian-Speed}, e.g. {@code medium; source=cookie}. */
    public String header() {
        // Built once per class and source: a verdict is made, and its header sent, on every image request.
        // Keyed by the class name, whose hash the config's own string already holds.
        Map<String, String> bySource = HEADERS.get(source);
        String header = bySource.get(speedClass);
        return header != null ? header : bySource.computeIfAbsent(speedClass, c -> c + "; source=" + source.token());
    }

    /** Bounded by the configured class names times the sources. */
    private static final Map<SpeedSource, Map<String, String>> HEADERS = new EnumMap<>(SpeedSource.class);

    static {
        for (SpeedSource s : SpeedSource.values()) {
            HEADERS.put(s, new ConcurrentHashMap<>());
        }
    }
}
