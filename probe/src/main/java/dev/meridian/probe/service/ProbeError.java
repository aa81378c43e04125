package dev.meridian.probe.service;

/** Why a service probe failed. */
public enum ProbeError {
    /** No complete answer within the probe's timeout. */
    TIMEOUT,
    /** The TCP connection was refused or could not be made. */
    CONNECT,
    /** The TLS handshake failed. */
    TLS,
    /** An answer came, but not with a 2xx status. */
    STATUS,
    /** The body did not contain the expected string. */
    CONTENT,
    /** Any other I/O failure. */
    IO,
    /** The probe was dropped on purpose by the emulated probe loss (tests and demo only). */
    EMULATED_LOSS,
    /** The probe's vantage point was in an emulated outage (tests and demo only). */
    EMULATED_OUTAGE
}
