package dev.meridian.gtm.policy;

import dev.meridian.core.net.Cidr;
import java.util.List;
import java.util.Set;

/**
 * Step 2: client blocks pinned to given servers; the first mapping that holds the client and still has a
 * server up wins. The answer depends on the client even when no mapping matches (a client just outside a
 * block would get something else), so each mapping looked at adds the bits its yes/no rests on.
 */
public final class StaticMapping implements PolicyStep {
    /** Clients in any of {@code blocks} go to the servers labelled in {@code targets} (POP ids or addresses). */
    public record Mapping(List<Cidr> blocks, Set<String> targets) {
    }

    private final List<Mapping> mappings;

    public StaticMapping(List<Mapping> mappings) {
        this.mappings = List.copyOf(mappings);
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        if (in.settled() || in.isEmpty() || context.client() == null) {
            return in;
        }
        Selection out = in;
        for (Mapping m : mappings) {
            for (Cidr block : m.blocks()) {
                out = out.dependingOn(block.decidingPrefix(context.client().address()));
                if (block.contains(context.client().address())) {
                    List<Candidate> pinned = in.candidates().stream().filter(c -> m.targets().contains(c.label())).toList();
                    if (!pinned.isEmpty()) {
                        return out.settledOn(pinned, "static", block.prefix());
                    }
                }
            }
        }
        return out;
    }
}
