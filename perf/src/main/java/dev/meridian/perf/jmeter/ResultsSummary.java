package dev.meridian.perf.jmeter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The short summary of a JMeter run, from its CSV results: throughput, median, p95 and p99 latency,
 * errors and hit ratio of the measured samples (warm-up and control requests are left out, but their
 * errors count), X-Cache and status mixes, a line per label, and for the soak the edge's heap used,
 * memory tier and RSS at start and end with the verdict on growth.
 *
 * <p>Usage: {@code ResultsSummary RESULTS.csv PLAN}
 */
public final class ResultsSummary {
    private static final long MB = 1024 * 1024;

    private ResultsSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ResultsSummary RESULTS.csv PLAN");
            System.exit(2);
        }
        Path csv = Path.of(args[0]);
        if (!Files.isRegularFile(csv)) {
            System.err.println("no results at " + csv + " (did the plan run?)");
            System.exit(1);
        }
        print(args[1], JtlCsv.read(csv), System.out);
    }

    static void print(String plan, List<Map<String, String>> rows, PrintStream out) {
        Predicate<Map<String, String>> measured = r -> !label(r).startsWith("warm-up") && !label(r).startsWith("control");
        List<Map<String, String>> load = rows.stream().filter(measured).toList();
        long errors = rows.stream().filter(r -> !"true".equals(r.get("success"))).count();
        out.println();
        out.printf(Locale.ROOT, "== JMeter plan %s: %d samples measured (%d in all), %d errors%n", plan, load.size(), rows.size(), errors);
        if (!load.isEmpty()) {
            long first = load.stream().mapToLong(r -> num(r, "timeStamp")).min().orElse(0);
            long last = load.stream().mapToLong(r -> num(r, "timeStamp") + num(r, "elapsed")).max().orElse(first);
            double seconds = Math.max(0.001, (last - first) / 1000.0);
            long[] ms = load.stream().mapToLong(r -> num(r, "elapsed")).sorted().toArray();
            out.printf(Locale.ROOT, "throughput %.1f req/s over %.1f s; latency median %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                    load.size() / seconds, seconds, pct(ms, 50), pct(ms, 95), pct(ms, 99), ms[ms.length - 1]);
            // Samples that carry no X-Cache (purge API calls) save the variable as empty or "null".
            Map<String, Long> cache = tally(load, "xcache");
            cache.remove("");
            cache.remove("null");
            long withCache = cache.values().stream().mapToLong(Long::longValue).sum();
            if (withCache > 0) {
                out.printf(Locale.ROOT, "hit ratio %.2f%% (X-Cache %s)%n", 100.0 * cache.getOrDefault("HIT", 0L) / withCache, cache);
            }
            out.println("status " + tally(load, "responseCode"));
            out.println("per label:");
            Map<String, List<Map<String, String>>> byLabel = new TreeMap<>();
            load.forEach(r -> byLabel.computeIfAbsent(label(r), k -> new ArrayList<>()).add(r));
            byLabel.forEach((label, rs) -> {
                long[] l = rs.stream().mapToLong(r -> num(r, "elapsed")).sorted().toArray();
                out.printf(Locale.ROOT, "  %-36s %8d  median %5d ms  p99 %5d ms  errors %d%n", label, rs.size(), pct(l, 50),
                        pct(l, 99), rs.stream().filter(r -> !"true".equals(r.get("success"))).count());
            });
        }
        soak(rows, out);
        rows.stream().filter(r -> !"true".equals(r.get("success"))).limit(10).forEach(r ->
                out.println("error: " + label(r) + " " + r.get("responseCode") + " " + r.get("failureMessage")));
    }

    /** The edge's memory at start and end, when the plan sampled /metrics (the soak does). */
    private static void soak(List<Map<String, String>> rows, PrintStream out) {
        long[] start = least(rows, "control edge metrics (start)");
        long[] end = least(rows, "control edge metrics (end)");
        if (start != null && end != null) {
            out.printf(Locale.ROOT, "edge heap used %d -> %d MB, memory tier %d -> %d MB, RSS %d -> %d MB (start -> end)%n",
                    start[0] / MB, end[0] / MB, start[2] / MB, end[2] / MB, start[1] / MB, end[1] / MB);
        }
        rows.stream().filter(r -> label(r).equals("control soak verdict")).forEach(r ->
                out.println("soak verdict: " + r.get("responseMessage")));
    }

    /** Least heap and RSS over a label's samples (the last memory-tier figure): young garbage counts less. */
    private static long[] least(List<Map<String, String>> rows, String label) {
        long[] v = null;
        for (Map<String, String> r : rows) {
            if (!label(r).equals(label) || r.get("heapUsed") == null || r.get("heapUsed").isEmpty()) {
                continue;
            }
            long heap = num(r, "heapUsed");
            long rss = num(r, "rss");
            long cache = num(r, "cacheBytes");
            v = v == null ? new long[] {heap, rss, cache} : new long[] {Math.min(v[0], heap), Math.min(v[1], rss), cache};
        }
        return v;
    }

    private static Map<String, Long> tally(List<Map<String, String>> rows, String column) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(r.getOrDefault(column, ""), 1L, Long::sum));
        return out;
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String label(Map<String, String> r) {
        return r.getOrDefault("label", "");
    }

    private static long num(Map<String, String> r, String column) {
        String v = r.get(column);
        try {
            return v == null || v.isEmpty() ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
