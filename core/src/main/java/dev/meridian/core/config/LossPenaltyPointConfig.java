package dev.meridian.core.config;

import java.util.List;

/**
 * One point of the loss-penalty table ({@code dns.lossPenalty}): at this share of packets lost, a
 * path's score grows by {@code penalty x max(100 ms, latency)}. Between points the penalty follows
 * a straight line, past the last point it stays flat.
 */
public record LossPenaltyPointConfig(Double loss, Double penalty) implements Validatable {
    /** The table the GTM scores with unless configured: 5% loss on a near path costs 100 ms. */
    public static final List<LossPenaltyPointConfig> DEFAULTS = List.of(
            new LossPenaltyPointConfig(0.0, 0.0), new LossPenaltyPointConfig(0.01, 0.10),
            new LossPenaltyPointConfig(0.05, 1.0), new LossPenaltyPointConfig(0.10, 3.0),
            new LossPenaltyPointConfig(0.25, 10.0), new LossPenaltyPointConfig(0.50, 30.0),
            new LossPenaltyPointConfig(1.0, 100.0));

    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        if (errors.required(at.field("loss"), loss)) {
            errors.check(at.field("loss"), loss, l -> l >= 0 && l <= 1, "must be within 0..1");
        }
        if (errors.required(at.field("penalty"), penalty)) {
            errors.check(at.field("penalty"), penalty, p -> p >= 0 && p <= 1000, "must be within 0..1000");
        }
    }

    /**
     * Checks the table as a whole: it starts at loss 0, losses strictly increase and penalties never
     * decrease, so more loss can never score better.
     */
    public static void validateTable(ConfigPath at, List<LossPenaltyPointConfig> table, ConfigErrors errors) {
        if (!errors.required(at, table)) {
            return;
        }
        errors.each(at, table);
        LossPenaltyPointConfig first = table.get(0);
        if (first != null && first.loss() != null && first.loss() != 0) {
            errors.add(at.index(0).field("loss"), "the table must start at loss 0");
        }
        for (int i = 1; i < table.size(); i++) {
            LossPenaltyPointConfig prev = table.get(i - 1);
            LossPenaltyPointConfig p = table.get(i);
            if (prev == null || p == null || prev.loss() == null || p.loss() == null || prev.penalty() == null
                    || p.penalty() == null) {
                continue;
            }
            if (p.loss() <= prev.loss()) {
                errors.add(at.index(i).field("loss"), "losses must increase from point to point");
            }
            if (p.penalty() < prev.penalty()) {
                errors.add(at.index(i).field("penalty"), "penalties must not decrease as loss grows");
            }
        }
    }
}
