package dev.meridian.uplink.purge;

/**
 * A purge the console numbered, as the feed carries it.
 *
 * @param seq      its number; purges are applied in this order
 * @param kind     {@code url}, {@code prefix}, {@code host} or {@code tag}
 * @param target   the URL, prefix, host or tag
 * @param soft     mark stale instead of remove
 * @param customer whose purge it is (the edge scopes it to that customer), or null for an operator's
 */
public record SequencedPurge(long seq, String kind, String target, boolean soft, String customer) {
    /** What to purge, as the POP's {@code /purge} takes it. */
    public PurgeSpec spec() throws PurgeSpec.Malformed {
        return PurgeSpec.of(PurgeKind.ofField(kind), target, soft);
    }
}
