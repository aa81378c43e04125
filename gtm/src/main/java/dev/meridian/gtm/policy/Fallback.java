package dev.meridian.gtm.policy;

import java.util.List;
import java.util.Locale;

/** What to answer when every server is down. */
public enum Fallback {
    /** Every non-backup server, regardless of state: some may be up after all, and clients retry. */
    ALL,
    /** The backups, regardless of state. */
    BACKUPS,
    /** No answer: resolvers try elsewhere or report the failure. */
    SERVFAIL;

    public static Fallback parse(String configured) {
        return valueOf(configured.toUpperCase(Locale.ROOT));
    }

    /** The fallback answer from every configured candidate; empty means SERVFAIL. */
    public List<Candidate> choose(List<Candidate> configured) {
        List<Candidate> primaries = configured.stream().filter(c -> !c.backup()).toList();
        List<Candidate> backups = configured.stream().filter(Candidate::backup).toList();
        return switch (this) {
            case ALL -> primaries.isEmpty() ? configured : primaries;
            case BACKUPS -> backups.isEmpty() ? configured : backups;
            case SERVFAIL -> List.of();
        };
    }
}
