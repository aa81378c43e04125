package dev.meridian.gtm.probe;

import java.time.Instant;

/** An address changed state: when, to what, and the cause in words (for the operator view and logs). */
public record Transition(String address, boolean up, Instant at, String cause) {}
