package dev.meridian.gtm.policy;

import dev.meridian.gtm.net.ClientSubnet;
import java.time.Instant;

/** One question to the policy chain: which hostname, for whom (null when the client must not matter), when. */
public record PolicyContext(String hostname, ClientSubnet client, Instant now) {
}
