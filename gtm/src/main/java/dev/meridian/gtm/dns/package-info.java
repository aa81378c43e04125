/**
 * The authoritative DNS server: UDP and TCP listeners, and the transport-free {@link
 * dev.meridian.gtm.dns.QueryHandler} that turns a query's wire bytes into the response's.
 *
 * <p>{@link dev.meridian.gtm.dns.UdpServer} runs a few receive threads, each with its own socket where
 * the platform has SO_REUSEPORT, on batched native I/O ({@link dev.meridian.gtm.dns.BatchedUdpSocket})
 * where it can and the JDK's channels elsewhere; {@link dev.meridian.gtm.dns.TcpServer} gives each
 * connection a thread, up to a bound, and closes what is over it or idle. Both answer on the thread
 * that read the query. {@link dev.meridian.gtm.dns.AuthorityBuilder} turns the config into an
 * immutable {@link dev.meridian.gtm.dns.Authority} (zones, names, one answer chain per hostname and
 * family); a reload swaps it whole, and a query in flight finishes on the one it started with.
 *
 * <h2>Two paths, one answer</h2>
 * The common query (A or AAAA of one of our CDN hostnames, with at most a Client Subnet option, whose
 * answer cannot need truncating) is answered by {@link dev.meridian.gtm.dns.WireFastPath} straight from
 * and into wire bytes; everything else goes through dnsjava in {@link
 * dev.meridian.gtm.dns.QueryHandler#handle}. The fast path asks the same chain with the same inputs,
 * counts and logs alike, and renders the response the general path would; a query it is not sure of
 * is declined before any decision is made, so the general path answers it as if the fast path did
 * not exist. A test compares the two byte for byte: change one, and it tells you to change the other.
 *
 * <h2>Rule</h2>
 * A query's thread waits on its own socket only: it makes no network call and touches no file (other
 * than what the logs write). The chain reads in-memory state, and what an answer leads to (measuring
 * the client, telling the peers of a persisted answer, saving the table) is queued for other threads.
 */
package dev.meridian.gtm.dns;
