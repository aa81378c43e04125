/**
 * The live inputs behind the answers: service probes, edges' load reports and latency measurements,
 * turned into the {@link dev.meridian.gtm.state.NetworkState} the answer chains read, and shared with
 * the other GTM servers.
 *
 * <p>{@link dev.meridian.gtm.live.LiveNetwork} owns the boards and their threads: probe results (this
 * server's own and those the POPs' edges post) vote in a health board, load reports land in a load
 * board, and the POPs' latency agents fill a latency table from which the latency map derives the best
 * POP per client block. {@link dev.meridian.gtm.live.StateFeeder} copies all of it into the network
 * state as it changes and on a timer; {@link dev.meridian.gtm.live.LiveApi} shows it to operators and
 * takes what edges and peers post; {@link dev.meridian.gtm.live.PeerPublisher} sends this server's
 * results and persisted answers to its peers.
 *
 * <h2>Rules</h2>
 * DNS answers never wait for a probe. The chain reads the state through {@link
 * dev.meridian.gtm.live.MeasuringNetworkState}, which only notes the client it is asked about; a timer
 * sends the measurement requests, and an agent that is slow or down leaves its POP unmeasured while
 * answers carry on from what is known.
 *
 * <p>No server depends on another to learn, and none can be swamped by another. Every edge posts to
 * every GTM server; each server sends its peers what it saw, in batches, from bounded queues and with
 * a bounded number of posts in flight per peer. A peer that hangs misses updates; it never costs
 * memory or another peer's updates. Built once at start: a config reload does not
 * change probes, agents or peers.
 */
package dev.meridian.gtm.live;
