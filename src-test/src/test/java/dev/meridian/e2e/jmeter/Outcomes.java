package dev.meridian.e2e.jmeter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.engine.util.NoThreadClone;

/** What a plan's samples came to: counts per label, per label and X-Cache, per label and status, and every failure. */
final class Outcomes extends AbstractTestElement implements SampleListener, NoThreadClone {
    private static final long serialVersionUID = 1L;
    private static final Pattern X_CACHE = Pattern.compile("(?im)^X-Cache:\\s*(\\S+)");

    private final transient Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final transient ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final transient ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final transient Map<String, Long> slowest = new ConcurrentHashMap<>();

    @Override
    public void sampleOccurred(SampleEvent event) {
        SampleResult r = event.getResult();
        String label = r.getSampleLabel();
        increment(label);
        increment(label + " status=" + r.getResponseCode());
        Matcher m = X_CACHE.matcher(r.getResponseHeaders() == null ? "" : r.getResponseHeaders());
        if (m.find()) {
            increment(label + " X-Cache=" + m.group(1));
        }
        messages.add(label + ": " + r.getResponseMessage());
        slowest.merge(label, r.getTime(), Math::max);
        if (!r.isSuccessful()) {
            StringBuilder why = new StringBuilder(label).append(" -> ").append(r.getResponseCode()).append(' ')
                    .append(r.getResponseMessage());
            for (AssertionResult a : r.getAssertionResults()) {
                if (a.isFailure() || a.isError()) {
                    why.append(" | ").append(a.getName()).append(": ").append(a.getFailureMessage());
                }
            }
            failures.add(why.toString());
        }
    }

    private void increment(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Samples with this label, or with this label and suffix (" status=200", " X-Cache=HIT"). */
    long count(String label, String suffix) {
        LongAdder n = counts.get(suffix.isEmpty() ? label : label + " " + suffix);
        return n == null ? 0 : n.sum();
    }

    long count(String label) {
        return count(label, "");
    }

    List<String> failures() {
        return new ArrayList<>(failures);
    }

    List<String> responseMessages(String label) {
        return messages.stream().filter(m -> m.startsWith(label + ": ")).map(m -> m.substring(label.length() + 2)).toList();
    }

    Map<String, Long> summary() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        slowest.forEach((k, v) -> out.put(k + " slowest ms", v));
        return out;
    }

    @Override
    public void sampleStarted(SampleEvent e) {
    }

    @Override
    public void sampleStopped(SampleEvent e) {
    }
}
