package dev.meridian.edge.origin;

/**
 * The property an origin request is made for, kept as the request's tag so that the bytes its
 * response body brings are counted to it ({@link OriginClient#onBodyBytes}).
 *
 * @param host the property's host
 */
public record BilledProperty(String host) {
}
