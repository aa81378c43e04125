package dev.meridian.gtm.state;

import java.time.Instant;

/** A server's reported load figure (higher is busier) and when it was reported. */
public record ReportedLoad(double load, Instant reportedAt) {
}
