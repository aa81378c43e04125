/**
 * Which addresses a CDN hostname is answered with, for one client at one instant: the answer chain.
 *
 * <p>An {@link dev.meridian.gtm.policy.AnswerPolicy} (one per hostname and address family) starts
 * from the configured {@link dev.meridian.gtm.policy.Candidate}s and runs its {@link
 * dev.meridian.gtm.policy.PolicyStep}s in a fixed order: {@link dev.meridian.gtm.policy.DropUnavailable},
 * {@link dev.meridian.gtm.policy.HiddenBackups}, {@link dev.meridian.gtm.policy.StaticMapping} and
 * {@link dev.meridian.gtm.policy.Persistence} when configured, {@link
 * dev.meridian.gtm.policy.RankByScore}, then {@link dev.meridian.gtm.policy.WeightedChoice}. Each step
 * takes the {@link dev.meridian.gtm.policy.Selection} left so far and narrows, orders or settles it (a
 * static mapping or a persisted answer settles: later steps only trim it to the answer count). Nothing
 * left means the hostname's {@link dev.meridian.core.config.HostnameDnsConfig.AllDownFallback}; a fresh answer is remembered for the
 * client's block. The result is a {@link dev.meridian.gtm.policy.Decision}.
 *
 * <h2>Determinism</h2>
 * No step draws a random number or does I/O. A decision is a function of the candidates, the {@link
 * dev.meridian.gtm.policy.PolicyContext} (hostname, client subnet, {@code now}) and what the {@link
 * dev.meridian.gtm.state.NetworkState} and the {@link dev.meridian.gtm.policy.PersistenceTable} hold at
 * {@code now}; even the weighted choice is a hash of hostname, client block and address. So a client
 * keeps its answer from query to query, and GTM servers that share their inputs give it the same one.
 *
 * <h2>Scope</h2>
 * A step whose outcome rests on the client adds to the selection's scope the leading address bits it
 * rested on: a static mapping even when it did not match, a ranking the measured block it used, a
 * weighted choice or a remembered answer the client's block. The scope goes back in the Client Subnet
 * option, so a resolver keeps the answer only for the clients it holds for.
 */
package dev.meridian.gtm.policy;
