package dev.meridian.gtm.policy;

import dev.meridian.core.config.HostnameDnsConfig.AllDownFallback;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hostname's answer chain for one address family: the configured candidates run through the steps in
 * order, then the fallback when nothing is left. Immutable; built from config, rebuilt on reload.
 */
public final class AnswerPolicy {
    private final List<Candidate> candidates;
    private final List<PolicyStep> steps;
    private final Persistence persistence;
    private final AllDownFallback fallback;
    private final long ttlSeconds;

    private AnswerPolicy(Builder b) {
        this.candidates = List.copyOf(b.candidates);
        this.persistence = b.persistence;
        this.fallback = b.fallback;
        this.ttlSeconds = b.ttlSeconds;
        List<PolicyStep> s = new ArrayList<>();
        s.add(b.dropUnavailable);
        s.add(new HiddenBackups());
        if (b.staticMapping != null) {
            s.add(b.staticMapping);
        }
        if (b.persistence != null) {
            s.add(b.persistence);
        }
        if (b.ranking != null) {
            s.add(b.ranking);
        }
        s.add(b.choice);
        this.steps = List.copyOf(s);
    }

    public static Builder builder(List<Candidate> candidates) {
        return new Builder(candidates);
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public Decision decide(PolicyContext context) {
        Selection s = Selection.of(candidates);
        for (PolicyStep step : steps) {
            s = step.apply(s, context);
        }
        if (s.isEmpty()) {
            return new Decision(allDown(fallback, candidates), 0, ttlSeconds,
                    "fallback-" + fallback.name().toLowerCase(Locale.ROOT));
        }
        if (persistence != null && !s.settled()) {
            s = persistence.remember(s, context);
        }
        return new Decision(s.candidates(), s.scope(), ttlSeconds, s.reason());
    }

    /** The answer from every configured candidate when every server is down; empty means SERVFAIL. */
    static List<Candidate> allDown(AllDownFallback fallback, List<Candidate> configured) {
        List<Candidate> primaries = configured.stream().filter(c -> !c.backup()).toList();
        List<Candidate> backups = configured.stream().filter(Candidate::backup).toList();
        return switch (fallback) {
            case ALL -> primaries.isEmpty() ? configured : primaries;
            case BACKUPS -> backups.isEmpty() ? configured : backups;
            case SERVFAIL -> List.of();
        };
    }

    public static final class Builder {
        private final List<Candidate> candidates;
        private PolicyStep dropUnavailable;
        private StaticMapping staticMapping;
        private Persistence persistence;
        private RankByScore ranking;
        private WeightedChoice choice;
        private AllDownFallback fallback = AllDownFallback.ALL;
        private long ttlSeconds = 20;

        private Builder(List<Candidate> candidates) {
            this.candidates = candidates;
        }

        public Builder dropUnavailable(PolicyStep step) {
            this.dropUnavailable = step;
            return this;
        }

        public Builder staticMapping(StaticMapping step) {
            this.staticMapping = step;
            return this;
        }

        public Builder persistence(Persistence step) {
            this.persistence = step;
            return this;
        }

        public Builder ranking(RankByScore step) {
            this.ranking = step;
            return this;
        }

        public Builder choice(WeightedChoice step) {
            this.choice = step;
            return this;
        }

        public Builder fallback(AllDownFallback fallback) {
            this.fallback = fallback;
            return this;
        }

        public Builder ttlSeconds(long ttl) {
            this.ttlSeconds = ttl;
            return this;
        }

        public AnswerPolicy build() {
            if (dropUnavailable == null || choice == null) {
                throw new IllegalStateException("a chain needs at least the availability and choice steps");
            }
            return new AnswerPolicy(this);
        }
    }
}
