package dev.meridian.uplink.wire;

/**
 * A node's answer in either phase of a push.
 *
 * @param node     the node's id
 * @param version  the version the answer is about
 * @param accepted phase one: validated and held; phase two: switched
 * @param message  why not, when not (the config errors with their paths)
 */
public record ConfigVote(String node, long version, boolean accepted, String message) {
}
