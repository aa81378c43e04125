package dev.meridian.gtm.map;


/** Why a client maps to a POP. */
public enum Reason {
    /** The client's own address or subnet was measured. */
    MEASURED,
    /** The client was not measured, but the measured members of its block agree on a POP. */
    UNIFIED,
    /** Nothing in the client's block was measured: static pin, geography, or no preference. */
    FALLBACK
}
