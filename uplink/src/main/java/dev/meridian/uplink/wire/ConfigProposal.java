package dev.meridian.uplink.wire;

/**
 * A config version, as the console proposes it in phase one of a push ({@code POST <admin>/v1/config/prepare})
 * and as a node fetches the committed one ({@code GET /v1/config/committed}).
 *
 * @param version the version number (the console's, increasing)
 * @param yaml    the whole network config; each node substitutes its own environment into it
 */
public record ConfigProposal(long version, String yaml) {
}
