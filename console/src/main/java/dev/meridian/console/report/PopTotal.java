package dev.meridian.console.report;

/**
 * What one POP served over a period, or (for the GTM) how often it was the answer.
 *
 * @param pop   the POP id; empty for GTM answers that are a customer's own servers
 * @param bytes bytes sent to clients (0 for GTM totals)
 * @param count requests served, or GTM decisions
 */
public record PopTotal(String pop, long bytes, long count) {
}
