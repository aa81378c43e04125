package dev.meridian.probe.service;

import java.time.Instant;

/**
 * One probe of one address from one vantage point: the response time in ms, or a failure with the
 * metric {@value #FAILURE_METRIC} and an error code.
 */
public record ProbeResult(String address, String vantage, Instant at, int metric, ProbeError error, String detail) {
    public static final int FAILURE_METRIC = 65535;

    public static ProbeResult success(String address, String vantage, Instant at, long millis) {
        return new ProbeResult(address, vantage, at, (int) Math.min(FAILURE_METRIC - 1, Math.max(0, millis)), null, null);
    }

    public static ProbeResult failure(String address, String vantage, Instant at, ProbeError error, String detail) {
        return new ProbeResult(address, vantage, at, FAILURE_METRIC, error, detail);
    }

    public boolean ok() {
        return error == null;
    }
}
