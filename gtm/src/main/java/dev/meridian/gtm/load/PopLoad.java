package dev.meridian.gtm.load;

import dev.meridian.probe.load.LoadReport;

/**
 * A POP's load as ranking sees it: the figure (1000 when unknown), whether a fresh report backs it,
 * and whether it is over the threshold. Only a fresh report can make a POP overloaded: a POP that
 * merely stopped reporting is ranked as heavily loaded, and its health is the probes' business.
 */
public record PopLoad(String pop, int figure, boolean known, boolean overloaded, LoadReport report) {
    /** No fresh report: {@code stale} is the last one, if any. */
    static PopLoad unknown(String pop, LoadReport stale) {
        return new PopLoad(pop, LoadReport.UNKNOWN_FIGURE, false, false, stale);
    }

    /** A fresh report's figure, overloaded above {@code overloadThreshold}. */
    static PopLoad reported(LoadReport fresh, int overloadThreshold) {
        return new PopLoad(fresh.pop(), fresh.loadFigure(), true, fresh.loadFigure() > overloadThreshold, fresh);
    }
}
