package dev.meridian.console.report;

import java.time.Instant;

/**
 * One property's usage in one bucket (hour, day or month): what a customer is billed on.
 *
 * @param start                the bucket's start (UTC)
 * @param requests             requests the edges served
 * @param bytesToClients       bytes sent to clients
 * @param hits                 requests answered from cache
 * @param bytesFromOrigin      bytes fetched from the customer's origins
 * @param dnsAnswers           GTM answers given for the hostname
 * @param renditionBytesStored image renditions held: each POP's largest figure in the bucket, summed over POPs
 */
public record UsageRow(
        Instant start,
        String customer,
        String property,
        long requests,
        long bytesToClients,
        long hits,
        long bytesFromOrigin,
        long dnsAnswers,
        long renditionBytesStored) {

    /** Cache hits per request served (0 when none was). */
    public double hitRatio() {
        return requests == 0 ? 0 : (double) hits / requests;
    }
}
