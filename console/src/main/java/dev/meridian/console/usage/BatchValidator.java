package dev.meridian.console.usage;

import dev.meridian.core.config.ConsoleNodeConfig;
import dev.meridian.core.config.ConsoleNodeConfig.NodeRole;
import dev.meridian.uplink.wire.DnsMinute;
import dev.meridian.uplink.wire.EdgeMinute;
import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a node sends is checked before any of it is counted: the batch's shape (its id is the
 * sender's, its size bounded, its rows of the sender's kind) and every row (whole UTC minutes not in the
 * future, counts not negative, names of bounded length). A broken batch is refused whole
 * ({@link InvalidBatchException}). Rows that are well formed but cannot be counted (their property has
 * left the config, or their minute has left retention) are dropped and reported, and the rest is counted:
 * a node's spool may hold such minutes legitimately and must not be stuck behind them.
 */
public final class BatchValidator {
    /** The most rows one batch may carry; a node with more splits them. */
    public static final int MAX_ROWS = 100_000;
    /** Clocks drift; a minute further ahead than this is a broken clock, not drift. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_HOST = 253;
    private static final int MAX_POP = 63;
    private static final int MAX_ADDRESS = 45;
    private static final int MAX_BLOCK = 49;

    private final Clock clock;

    public BatchValidator(Clock clock) {
        this.clock = clock;
    }

    /** Checks a batch from {@code sender} (already authenticated) against the owners of the current config. */
    public ValidBatch validate(UsageBatch batch, ConsoleNodeConfig sender, UsageOwners owners, Duration minuteRetention) {
        checkShape(batch, sender);
        Instant now = clock.instant();
        Instant newest = now.plus(MAX_AHEAD);
        Instant oldest = now.minus(minuteRetention);
        Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
        List<ValidBatch.OwnedEdgeMinute> edge = new ArrayList<>(batch.edge().size());
        for (int i = 0; i < batch.edge().size(); i++) {
            EdgeMinute row = batch.edge().get(i);
            String at = "edge[" + i + "]";
            require(row != null, at + " is null");
            checkMinute(at, row.minute(), newest);
            checkName(at + ".property", row.property(), MAX_HOST);
            require(sender.id().equals(row.pop()), at + ".pop is " + row.pop() + ": an edge reports its own POP, "
                    + sender.id());
            require(!EdgeCounts.anyNegative(EdgeCounts.of(row)), at + " has a negative count");
            Optional<String> customer = owners.ofProperty(row.property());
            if (customer.isEmpty()) {
                dropped.merge(DropReason.UNKNOWN_HOST, 1, Integer::sum);
            } else if (row.minute().isBefore(oldest)) {
                dropped.merge(DropReason.TOO_OLD, 1, Integer::sum);
            } else {
                edge.add(new ValidBatch.OwnedEdgeMinute(customer.get(), row.property().toLowerCase(Locale.ROOT), row));
            }
        }
        List<ValidBatch.OwnedDnsMinute> dns = new ArrayList<>(batch.dns().size());
        for (int i = 0; i < batch.dns().size(); i++) {
            DnsMinute row = batch.dns().get(i);
            String at = "dns[" + i + "]";
            require(row != null, at + " is null");
            checkMinute(at, row.minute(), newest);
            checkName(at + ".hostname", row.hostname(), MAX_HOST);
            checkName(at + ".answer", row.answer(), MAX_ADDRESS);
            checkName(at + ".clientBlock", row.clientBlock(), MAX_BLOCK);
            require(row.pop() == null || row.pop().length() <= MAX_POP, at + ".pop is longer than " + MAX_POP);
            require(row.decisions() >= 0, at + ".decisions is negative");
            Optional<String> customer = owners.ofDnsName(row.hostname());
            if (customer.isEmpty()) {
                dropped.merge(DropReason.UNKNOWN_HOST, 1, Integer::sum);
            } else if (row.minute().isBefore(oldest)) {
                dropped.merge(DropReason.TOO_OLD, 1, Integer::sum);
            } else {
                dns.add(new ValidBatch.OwnedDnsMinute(customer.get(), row.hostname().toLowerCase(Locale.ROOT),
                        row.pop() == null ? "" : row.pop(), row));
            }
        }
        SpoolStatus spool = batch.spool() == null ? new SpoolStatus(0, 0, 0) : batch.spool();
        return new ValidBatch(batch.batchId(), sender, spool, edge, dns, dropped);
    }

    private static void checkShape(UsageBatch batch, ConsoleNodeConfig sender) {
        require(batch.batchId() != null && BATCH_ID.matcher(batch.batchId()).matches(),
                "batchId must be 1 to 128 of A-Z a-z 0-9 . _ : -");
        // Batch ids share one key space: a node naming its batches after another's could have that one's refused.
        require(batch.batchId().startsWith(sender.id() + "-"), "batchId must start with the node's id and '-': "
                + sender.id() + "-");
        int rows = batch.edge().size() + batch.dns().size();
        require(rows <= MAX_ROWS, "the batch has " + rows + " rows; at most " + MAX_ROWS + " are accepted at once");
        require(sender.role() == NodeRole.EDGE || batch.edge().isEmpty(), "a GTM node sent edge rows");
        require(sender.role() == NodeRole.GTM || batch.dns().isEmpty(), "an edge node sent DNS rows");
        SpoolStatus spool = batch.spool();
        require(spool == null || spool.backlogBatches() >= 0 && spool.backlogBytes() >= 0 && spool.droppedMinutes() >= 0,
                "spool figures must not be negative");
    }

    private static void checkMinute(String at, Instant minute, Instant newest) {
        require(minute != null, at + ".minute is missing");
        require(minute.getEpochSecond() % 60 == 0 && minute.getNano() == 0,
                at + ".minute " + minute + " is not the start of a UTC minute");
        require(!minute.isAfter(newest), at + ".minute " + minute + " is in the future (more than "
                + MAX_AHEAD.toMinutes() + " minutes ahead of the console's clock)");
    }

    private static void checkName(String at, String value, int maxLength) {
        require(value != null && !value.isEmpty(), at + " is missing");
        require(value.length() <= maxLength, at + " is longer than " + maxLength + " characters");
    }

    private static void require(boolean ok, String reason) {
        if (!ok) {
            throw new InvalidBatchException(reason);
        }
    }
}
