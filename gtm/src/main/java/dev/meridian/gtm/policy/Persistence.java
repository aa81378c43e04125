package dev.meridian.gtm.policy;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 3: a client block that got an answer keeps getting it for {@code duration}, as long as every address
 * in it is still available. The chain calls {@link #remember} with each fresh decision.
 */
public final class Persistence implements PolicyStep {
    private final PersistenceTable table;
    private final String tableKey;
    private final Duration duration;
    private final int prefixV4;
    private final int prefixV6;

    /** @param tableKey what the table files these answers under: the hostname and record type */
    public Persistence(PersistenceTable table, String tableKey, Duration duration, int prefixV4, int prefixV6) {
        this.table = table;
        this.tableKey = tableKey;
        this.duration = duration;
        this.prefixV4 = prefixV4;
        this.prefixV6 = prefixV6;
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        if (in.settled() || in.isEmpty() || context.client() == null) {
            return in;
        }
        Cidr block = blockOf(context);
        Optional<PersistenceTable.Entry> entry = table.get(tableKey, block, context.now());
        if (entry.isEmpty()) {
            return in;
        }
        List<Candidate> kept = new ArrayList<>();
        for (InetAddress a : entry.get().answer()) {
            in.candidates().stream().filter(c -> c.address().equals(a)).findFirst().ifPresent(kept::add);
        }
        return kept.size() == entry.get().answer().size() ? in.settledOn(kept, "persistent", block.prefix()) : in;
    }

    /** Stores a decision the chain made afresh (not one it took from here or from the fallback). */
    public Selection remember(Selection decided, PolicyContext context) {
        if (context.client() == null || decided.isEmpty()) {
            return decided;
        }
        Cidr block = blockOf(context);
        table.put(tableKey, block, decided.candidates().stream().map(Candidate::address).toList(),
                context.now().plus(duration), context.now());
        return decided.dependingOn(block.prefix());
    }

    private Cidr blockOf(PolicyContext context) {
        return context.client().block(context.client().isIpv4() ? prefixV4 : prefixV6);
    }
}
