package dev.meridian.console.report;

/**
 * The CDN's traffic per minute over a window: bytes sent to clients and requests served ("hits" in
 * the portal, as the seeds' portal counts them: every request the edge answered, from cache or not).
 */
public record Traffic(Window window, MinuteSeries bytes, MinuteSeries requests) {
}
