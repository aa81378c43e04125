package dev.meridian.console.report;

import java.util.List;

/**
 * The GTM's decisions over a window: per answered address per minute, the most answered first, and per
 * POP (the customer's own servers are the entry with an empty POP), the most first. Both come from
 * the same rows, so the POP counts add up to exactly the decisions charted.
 */
public record GtmActivity(List<AnswerSeries> answers, List<PopTotal> pops) {
    public GtmActivity {
        answers = List.copyOf(answers);
        pops = List.copyOf(pops);
    }

    public long total() {
        return pops.stream().mapToLong(PopTotal::count).sum();
    }
}
