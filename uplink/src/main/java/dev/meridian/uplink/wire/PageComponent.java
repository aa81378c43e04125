package dev.meridian.uplink.wire;

/**
 * One fetched URL of a page check. Times are milliseconds from the start of this component's fetch;
 * -1 where a step did not happen (no DNS lookup, since a check connects to its own POP; no first byte
 * after an error).
 *
 * @param url         the component's URL
 * @param ip          the address connected to
 * @param error       what went wrong, or null
 * @param status      the HTTP status, 0 when there was no response
 * @param length      body bytes received
 * @param sha256      the body's SHA-256 (hex), to compare loads and POPs
 * @param dnsMs       the name lookup
 * @param connectMs   TCP (and TLS) connection established
 * @param firstByteMs the first byte of the response
 * @param downloadMs  from the first byte to the last
 * @param endMs       the whole fetch
 */
public record PageComponent(String url, String ip, String error, int status, long length, String sha256, long dnsMs,
                            long connectMs, long firstByteMs, long downloadMs, long endMs) {
}
