package dev.meridian.uplink.wire;

/**
 * What the console asks a POP to check ({@code POST <admin>/v1/pagecheck}, with that POP's node token).
 *
 * @param url      the page: an http(s) URL on one of {@code customer}'s CDN hostnames
 * @param customer whose hostnames the page and its components may be fetched from
 * @param twice    load the page twice and report the second load (a warm cache)
 */
public record PageCheckOrder(String url, String customer, boolean twice) {
}
