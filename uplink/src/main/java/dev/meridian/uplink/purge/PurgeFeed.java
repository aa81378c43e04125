package dev.meridian.uplink.purge;

import java.util.List;

/**
 * The console's answer to {@code GET /v1/purges?after=N}.
 *
 * @param head   the newest purge number (0 when there is none yet)
 * @param purges the purges numbered above {@code after}, oldest first, at most the page's limit; when it
 *               is full, ask again after the last one
 */
public record PurgeFeed(long head, List<SequencedPurge> purges) {
    public PurgeFeed {
        purges = List.copyOf(purges);
    }
}
