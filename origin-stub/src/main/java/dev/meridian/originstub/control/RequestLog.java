package dev.meridian.originstub.control;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests reached the origin, per path, and the headers of the latest one: what a test
 * asserts to know whether a cache in front answered or passed the request on. Bounded: past
 * {@link #MAX_PATHS} distinct paths, further paths are counted together under {@link #OTHER}.
 */
public final class RequestLog {
    public static final int MAX_PATHS = 10_000;
    public static final String OTHER = "(other)";

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();

    public void record(String path, Map<String, String> headers) {
        String key = counts.containsKey(path) || counts.size() < MAX_PATHS ? path : OTHER;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        lastHeaders.put(key, Map.copyOf(headers));
    }

    public long count(String path) {
        LongAdder n = counts.get(path);
        return n == null ? 0 : n.sum();
    }

    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((path, n) -> out.put(path, n.sum()));
        return out;
    }

    /** The headers of the latest request for a path, names in lower case. */
    public Optional<Map<String, String>> lastHeaders(String path) {
        return Optional.ofNullable(lastHeaders.get(path));
    }

    public void reset() {
        counts.clear();
        lastHeaders.clear();
    }
}
