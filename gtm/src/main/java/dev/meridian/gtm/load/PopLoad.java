package dev.meridian.gtm.load;

/**
 * A POP's load as ranking sees it: the figure (1000 when unknown), whether a fresh report backs it,
 * and whether it is over the threshold. Only a fresh report can make a POP overloaded: a POP that
 * merely stopped reporting is ranked as heavily loaded, and its health is the probes' business.
 */
public record PopLoad(String pop, int figure, boolean known, boolean overloaded, LoadReport report) {}
