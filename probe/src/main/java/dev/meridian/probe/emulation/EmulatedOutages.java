package dev.meridian.probe.emulation;

import dev.meridian.probe.service.ProbeError;
import dev.meridian.probe.service.ProbeResult;
import dev.meridian.probe.service.ProbeTarget;
import dev.meridian.probe.service.Prober;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * EMULATION: a vantage point whose POP is in an emulated outage sees every service probe fail
 * (error EMULATED_OUTAGE): one POP's broken link, which the other vantage points outvote.
 */
final class EmulatedOutages implements Prober {
    private final Prober delegate;
    private final EmulatedNetwork network;
    private final Clock clock;

    EmulatedOutages(Prober delegate, EmulatedNetwork network, Clock clock) {
        this.delegate = delegate;
        this.network = network;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<ProbeResult> probe(ProbeTarget target, String vantage) {
        if (network.isOut(vantage)) {
            return CompletableFuture.completedFuture(ProbeResult.failure(target.address(), vantage, clock.instant(),
                    ProbeError.EMULATED_OUTAGE, "nothing gets through from " + vantage + " (emulated outage)"));
        }
        return delegate.probe(target, vantage);
    }
}
