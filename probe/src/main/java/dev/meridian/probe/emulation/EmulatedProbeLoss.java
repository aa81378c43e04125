package dev.meridian.probe.emulation;

import dev.meridian.probe.service.ProbeError;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.service.ProbeTarget;
import dev.meridian.probe.service.Prober;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * EMULATION: drops a share of service probes (reported as failures with error EMULATED_LOSS) to
 * show that hysteresis keeps a lossy path from flapping. Off unless configured.
 */
public final class EmulatedProbeLoss implements Prober {
    private final Prober delegate;
    private final double loss;
    private final RandomGenerator random;
    private final Clock clock;

    public EmulatedProbeLoss(Prober delegate, double loss, RandomGenerator random, Clock clock) {
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("emulated probe loss must be within 0..1");
        }
        this.delegate = delegate;
        this.loss = loss;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(ProbeTarget target, String vantage) {
        boolean drop;
        synchronized (random) {
            drop = random.nextDouble() < loss;
        }
        if (drop) {
            return CompletableFuture.completedFuture(ProbeResult.failure(target.address(), vantage, clock.instant(),
                    ProbeError.EMULATED_LOSS, "dropped by emulated probe loss"));
        }
        return delegate.probe(target, vantage);
    }
}
