package dev.meridian.uplink.wire;

import java.time.Instant;

/**
 * How often one GTM answered one hostname with one address for one client block in one minute.
 *
 * @param minute      the minute's start (UTC, whole minute)
 * @param hostname    the name asked (the property's host, or an alias, as configured; lower case)
 * @param answer      the address answered (an edge's or a customer server's)
 * @param pop         the POP that address belongs to, or null for a customer server
 * @param clientBlock the client's block as the answer was scoped to (ECS, else the resolver's /24 or /56)
 * @param decisions   answers given
 */
public record DnsMinute(Instant minute, String hostname, String answer, String pop, String clientBlock,
                        long decisions) {
}
