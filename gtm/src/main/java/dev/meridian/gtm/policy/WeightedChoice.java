package dev.meridian.gtm.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Step 5: draw up to {@code answerCount} servers, each draw in proportion to weight, without repeats; a 3:1
 * weight gives three times the answers (first place, with more than one address per answer). Servers of
 * weight 0 are drawn only when every server left has weight 0.
 */
public final class WeightedChoice implements PolicyStep {
    private final int answerCount;
    private final RandomGenerator random;

    public WeightedChoice(int answerCount, RandomGenerator random) {
        this.answerCount = answerCount;
        this.random = random;
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        List<Candidate> pool = in.candidates();
        if (in.settled() || pool.size() <= 1) {
            return pool.size() <= answerCount ? in : in.narrowed(pool.subList(0, answerCount), in.reason());
        }
        List<Candidate> left = new ArrayList<>(pool);
        List<Candidate> chosen = new ArrayList<>(Math.min(answerCount, pool.size()));
        while (chosen.size() < answerCount && !left.isEmpty()) {
            chosen.add(left.remove(draw(left)));
        }
        return in.narrowed(chosen, in.reason().equals("only") ? "weighted" : in.reason());
    }

    private int draw(List<Candidate> left) {
        long total = 0;
        for (Candidate c : left) {
            total += c.weight();
        }
        if (total == 0) {
            return random.nextInt(left.size());
        }
        long pick = random.nextLong(total);
        for (int i = 0; i < left.size(); i++) {
            pick -= left.get(i).weight();
            if (pick < 0) {
                return i;
            }
        }
        throw new IllegalStateException("weights changed during a draw");
    }
}
