package dev.meridian.uplink.wire;

/**
 * A node introducing itself to the console ({@code POST /v1/nodes/register}, with its Bearer token),
 * when it starts and every {@code console.push.checkEvery} after.
 *
 * @param node            its id
 * @param role            {@code edge} or {@code gtm}
 * @param adminUrl        where the console reaches its admin API, e.g. {@code http://127.0.0.11:9080}
 * @param softwareVersion the Meridian version it runs
 * @param configVersion   the committed config version it runs; 0 for the file it was started with
 * @param healthy         whether it is serving
 */
public record NodeRegistration(String node, String role, String adminUrl, String softwareVersion, long configVersion,
                               boolean healthy) {
}
