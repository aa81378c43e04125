package dev.meridian.gtm.probe;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.service.ProbeResultSink;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every probed address, from all vantage points' results under a {@link HealthPolicy}.
 * Results arrive from local probe runners and from other POPs; {@link #tick} re-evaluates staleness
 * so an address whose probes went silent goes down even though no result says so.
 */
public final class HealthBoard implements ProbeResultSink {
    private static final Logger log = LoggerFactory.getLogger(HealthBoard.class);
    /** Vantage points kept per address: every POP, every GTM server, and then some; further ones are not heard. */
    static final int MAX_VANTAGES = 64;

    private final HealthPolicy policy;
    private final Clock clock;
    private final int transitionsKept;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();

    private static final class Entry {
        final Instant known;
        @GuardedBy("this")
        final Map<String, Hysteresis> vantages = new TreeMap<>();
        @GuardedBy("this")
        final Deque<Transition> transitions = new ArrayDeque<>();
        @GuardedBy("this")
        boolean up = true;
        @GuardedBy("this")
        Instant since;

        Entry(Instant known) {
            this.known = known;
            this.since = known;
        }
    }

    public HealthBoard(HealthPolicy policy, Clock clock, int transitionsKept) {
        this.policy = policy;
        this.clock = clock;
        this.transitionsKept = transitionsKept;
    }

    public HealthPolicy policy() {
        return policy;
    }

    /** Starts the cold-start period for an address from the configuration (see {@link HealthPolicy}). */
    public void register(String address) {
        entries.computeIfAbsent(address, a -> new Entry(clock.instant()));
    }

    public void onTransition(Consumer<Transition> listener) {
        listeners.add(listener);
    }

    @Override
    public void accept(ProbeResult r) {
        Entry e = entries.computeIfAbsent(r.address(), a -> new Entry(clock.instant()));
        synchronized (e) {
            if (e.vantages.size() >= MAX_VANTAGES && !e.vantages.containsKey(r.vantage())) {
                return;
            }
            e.vantages.merge(r.vantage(), Hysteresis.COLD.plus(r, policy), (old, fresh) -> old.plus(r, policy));
        }
        evaluate(r.address(), e);
    }

    /** Whether {@code address} is on the board (registered from the config, or probed here). */
    public boolean knows(String address) {
        return entries.containsKey(address);
    }

    /** Whether answers may carry {@code address}; addresses nobody probes are not this board's business. */
    public boolean isUp(String address) {
        Entry e = entries.get(address);
        return e == null || evaluate(address, e);
    }

    /**
     * Up, and the latest results agree: no more than the down share of the fresh vantage points saw
     * their last probe fail. Stricter than {@link #isUp}: an address that just started failing is
     * still up (hysteresis) but no longer steady.
     */
    public boolean isSteady(String address) {
        Entry e = entries.get(address);
        if (e == null) {
            return true;
        }
        if (!evaluate(address, e)) {
            return false;
        }
        Instant cutoff = clock.instant().minus(policy.maxAge());
        int fresh = 0;
        int failing = 0;
        synchronized (e) {
            for (Hysteresis h : e.vantages.values()) {
                if (h.last() != null && !h.last().at().isBefore(cutoff)) {
                    fresh++;
                    failing += h.last().ok() ? 0 : 1;
                }
            }
        }
        return failing <= policy.downShare() * fresh;
    }

    /** Re-evaluates every address at the current time; call it about once per probe interval. */
    public void tick() {
        entries.forEach(this::evaluate);
    }

    public Optional<AddressHealth> health(String address) {
        Entry e = entries.get(address);
        return e == null ? Optional.empty() : Optional.of(view(address, e));
    }

    public List<AddressHealth> all() {
        List<AddressHealth> all = new ArrayList<>();
        new TreeMap<>(entries).forEach((a, e) -> all.add(view(a, e)));
        return all;
    }

    private AddressHealth view(String address, Entry e) {
        evaluate(address, e);
        synchronized (e) {
            boolean probed = e.vantages.values().stream().anyMatch(h -> h.last() != null);
            return new AddressHealth(address, e.up, probed, e.since, Map.copyOf(e.vantages), List.copyOf(e.transitions));
        }
    }

    private boolean evaluate(String address, Entry e) {
        Instant now = clock.instant();
        Transition t = null;
        boolean up;
        synchronized (e) {
            Verdict v = verdict(e, now);
            up = v.up;
            if (up != e.up) {
                e.up = up;
                e.since = now;
                t = new Transition(address, up, now, v.cause);
                e.transitions.addLast(t);
                while (e.transitions.size() > transitionsKept) {
                    e.transitions.removeFirst();
                }
            }
        }
        if (t != null) {
            log.info("address {} is now {}: {}", address, t.up() ? "up" : "down", t.cause());
            Transition fired = t;
            listeners.forEach(l -> l.accept(fired));
        }
        return up;
    }

    private record Verdict(boolean up, String cause) {}

    @GuardedBy("e")
    private Verdict verdict(Entry e, Instant now) {
        Instant cutoff = now.minus(policy.maxAge());
        int fresh = 0;
        int down = 0;
        boolean heard = false;
        for (Hysteresis h : e.vantages.values()) {
            heard |= h.last() != null;
            if (h.last() != null && !h.last().at().isBefore(cutoff)) {
                fresh++;
                down += h.saysDown() ? 1 : 0;
            }
        }
        if (fresh == 0) {
            if (!heard && !e.known.isBefore(cutoff)) {
                return new Verdict(true, "not probed yet: trusting the configuration");
            }
            return new Verdict(false, "no probe result newer than " + policy.maxAge().toSeconds() + "s");
        }
        boolean isDown = down > policy.downShare() * fresh;
        return new Verdict(!isDown, down + " of " + fresh + " vantage points say down");
    }
}
