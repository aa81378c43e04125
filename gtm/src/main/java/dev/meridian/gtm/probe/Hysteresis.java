package dev.meridian.gtm.probe;

import dev.meridian.probe.service.ProbeResult;

/**
 * What one vantage point thinks of one address: a state that moves only after enough consecutive
 * results agree, with running totals of results and failures for the operator. Immutable;
 * {@link #plus} returns the next state.
 */
public record Hysteresis(Verdict verdict, int successes, int failures, ProbeResult last, long results, long failed) {
    /** UNKNOWN is the cold start: nothing heard yet, trusted as up. */
    public enum Verdict { UNKNOWN, UP, DOWN }

    public static final Hysteresis COLD = new Hysteresis(Verdict.UNKNOWN, 0, 0, null, 0, 0);

    public Hysteresis plus(ProbeResult r, HealthPolicy policy) {
        int ok = r.ok() ? successes + 1 : 0;
        int bad = r.ok() ? 0 : failures + 1;
        Verdict next = verdict;
        if (verdict != Verdict.DOWN && bad >= policy.downAfter()) {
            next = Verdict.DOWN;
        } else if (verdict == Verdict.UNKNOWN && r.ok()) {
            next = Verdict.UP;
        } else if (verdict == Verdict.DOWN && ok >= policy.upAfter()) {
            next = Verdict.UP;
        }
        return new Hysteresis(next, ok, bad, r, results + 1, failed + (r.ok() ? 0 : 1));
    }

    public boolean saysDown() {
        return verdict == Verdict.DOWN;
    }
}
