package dev.meridian.probe.service;

import java.util.concurrent.CompletableFuture;

/** Probes one target once from one vantage point. Never completes exceptionally: failures are results. */
@FunctionalInterface
public interface Prober {
    CompletableFuture<ProbeResult> probe(ProbeTarget target, String vantage);
}
