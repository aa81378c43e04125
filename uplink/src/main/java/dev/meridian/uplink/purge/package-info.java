/**
 * Global purge between the console and the edges: what a purge is on the wire, who may ask for it, and
 * the node's side of catching up.
 *
 * <p>Push: the console numbers every purge (a sequence in its database, committed in order) and sends it
 * to each POP's admin {@code POST /purge} with the usual JSON body ({@link PurgeSpec#toJson()}), the
 * headers {@value PurgeProtocol#SEQUENCE_HEADER} (the number) and, for a customer's purge,
 * {@value PurgeProtocol#CUSTOMER_HEADER} (whose scope it is), authenticated with {@code Bearer <that
 * POP's node token>} from {@code console.nodes}. A node token is accepted only by its own node, so a
 * leaked token reaches one POP, and no operator token has to live on the console; the edge takes a
 * console purge as its customer's (scoping is applied again on the edge) or, without the header, as an
 * operator's. The edge answers 200 once the purge is applied; that is the acknowledgement.
 *
 * <p>Pull: a node asks {@code GET <console url>}{@value PurgeProtocol#FEED_PATH}{@code ?after=<seq>&limit=<n>}
 * with its node token and gets a {@link PurgeFeed}: the purges numbered above {@code after}, in order, at
 * most {@code limit} ({@value PurgeProtocol#MAX_PAGE} at most), and the newest number. Numbers may skip
 * (an aborted insert), but never arrive out of order, so "everything above my position" is complete.
 * {@link PurgeFeedClient} is the node's client.
 */
package dev.meridian.uplink.purge;
