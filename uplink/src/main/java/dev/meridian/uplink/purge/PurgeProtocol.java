package dev.meridian.uplink.purge;

/** The names both sides of global purge use; see the package description for the protocol. */
public final class PurgeProtocol {
    /** On the console's call to a POP's {@code /purge}: the purge's sequence number. */
    public static final String SEQUENCE_HEADER = "Meridian-Purge-Seq";
    /** On the console's call to a POP's {@code /purge}: the customer whose purge it is (absent: an operator's). */
    public static final String CUSTOMER_HEADER = "Meridian-Purge-Customer";
    /** Where a node fetches the purges after its position. */
    public static final String FEED_PATH = "/v1/purges";
    /** Purges in one feed answer at most. */
    public static final int MAX_PAGE = 500;

    private PurgeProtocol() {
    }
}
