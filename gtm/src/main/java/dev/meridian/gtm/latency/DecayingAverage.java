package dev.meridian.gtm.latency;

import java.time.Duration;
import java.time.Instant;

/**
 * An exponentially time-weighted average: each sample weighs {@code e^(-age/C)} and the average is
 * {@code sum(x*w)/sum(w)}.
 *
 * <p>Because every weight decays by the same factor as time passes, the ratio does not depend on
 * "now"; only the sums need rescaling when a newer sample arrives. So the average is kept in O(1)
 * space as two sums at a reference time (the newest sample's), which also makes it cheap to persist
 * and to share between GTM servers. Immutable: {@link #plus} returns a new value.
 */
public record DecayingAverage(double weightedSum, double weightSum, long referenceMillis, long timeConstantMillis) {

    public static DecayingAverage empty(Duration timeConstant) {
        if (timeConstant.isZero() || timeConstant.isNegative()) {
            throw new IllegalArgumentException("time constant must be positive");
        }
        return new DecayingAverage(0, 0, Long.MIN_VALUE, timeConstant.toMillis());
    }

    public boolean isEmpty() {
        return weightSum <= 0;
    }

    /** This average with one more sample taken at {@code at}; samples may arrive out of order. */
    public DecayingAverage plus(double value, Instant at) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("sample must be a finite number");
        }
        long t = at.toEpochMilli();
        if (isEmpty()) {
            return new DecayingAverage(value, 1, t, timeConstantMillis);
        }
        if (t >= referenceMillis) {
            double decay = decay(t - referenceMillis);
            return new DecayingAverage(weightedSum * decay + value, weightSum * decay + 1, t, timeConstantMillis);
        }
        double w = decay(referenceMillis - t);
        return new DecayingAverage(weightedSum + value * w, weightSum + w, referenceMillis, timeConstantMillis);
    }

    /** The average, or NaN when there is no sample. */
    public double value() {
        return isEmpty() ? Double.NaN : weightedSum / weightSum;
    }

    /** How much evidence is left at {@code now}: the sum of all weights (1.0 = one sample taken just now). */
    public double weightAt(Instant now) {
        if (isEmpty()) {
            return 0;
        }
        return weightSum * decay(Math.max(0, now.toEpochMilli() - referenceMillis));
    }

    private double decay(long ageMillis) {
        return Math.exp(-(double) ageMillis / timeConstantMillis);
    }
}
