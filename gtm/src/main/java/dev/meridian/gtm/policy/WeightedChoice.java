package dev.meridian.gtm.policy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 5: up to {@code answerCount} servers in proportion to weight, without repeats; a 3:1 weight gives
 * three times the clients (first place, with more than one address per answer). Servers of weight 0 come
 * only after every server of positive weight.
 *
 * <p>The choice is a pure function of the hostname, the client's block (at most {@code prefixV4} or
 * {@code prefixV6} bits, the persistence blocks) and the servers left, never of a random draw: every
 * GTM server gives the same client the same answer, and a client keeps its answer from query to query.
 * Each server gets the key {@code -ln(u) / weight}, {@code u} a hash of (hostname, block, address) spread
 * over (0,1), and the smallest keys win (weighted rendezvous hashing: server i comes first for a share
 * {@code weight_i / sum(weights)} of blocks, and a server joining or leaving moves only its own clients).
 * A query that must not depend on its client (ECS source prefix 0) is keyed by the minute instead, so such
 * answers still share by weight over time and agree between servers.
 */
public final class WeightedChoice implements PolicyStep {
    static final long CLIENTLESS_BUCKET_MILLIS = 60_000;

    private final int answerCount;
    private final int prefixV4;
    private final int prefixV6;

    public WeightedChoice(int answerCount, int prefixV4, int prefixV6) {
        this.answerCount = answerCount;
        this.prefixV4 = prefixV4;
        this.prefixV6 = prefixV6;
    }

    @Override
    public Selection apply(Selection in, PolicyContext context) {
        List<Candidate> pool = in.candidates();
        if (in.settled() || pool.size() <= 1) {
            return pool.size() <= answerCount ? in : in.narrowed(pool.subList(0, answerCount), in.reason());
        }
        int bits = 0;
        long seed = combine(0, context.hostname().hashCode());
        if (context.client() == null) {
            seed = combine(seed, Math.floorDiv(context.now().toEpochMilli(), CLIENTLESS_BUCKET_MILLIS));
        } else {
            bits = Math.min(context.client().isIpv4() ? prefixV4 : prefixV6, context.client().sourcePrefix());
            seed = hashBits(combine(seed, bits), context.client().address().getAddress(), bits);
        }
        int n = pool.size();
        double[] keys = new double[n];
        boolean anyWeight = false;
        for (Candidate c : pool) {
            anyWeight |= c.weight() > 0;
        }
        for (int i = 0; i < n; i++) {
            Candidate c = pool.get(i);
            byte[] address = c.address().getAddress(); // a copy each call: take it once
            double u = unit(hashBits(seed, address, address.length * 8));
            int weight = anyWeight ? c.weight() : 1;
            // Weight 0 sorts after every positive weight, in hash order among themselves.
            keys[i] = weight > 0 ? -Math.log(u) / weight : Double.MAX_VALUE * u;
        }
        List<Candidate> chosen = new ArrayList<>(Math.min(answerCount, n));
        boolean[] taken = new boolean[n];
        while (chosen.size() < answerCount && chosen.size() < n) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || keys[i] < keys[best]
                        || (keys[i] == keys[best] && compare(pool.get(i).address(), pool.get(best).address()) < 0))) {
                    best = i;
                }
            }
            taken[best] = true;
            chosen.add(pool.get(best));
        }
        return in.narrowed(chosen, in.reason().equals("only") ? "weighted" : in.reason()).dependingOn(bits);
    }

    /** Folds the first {@code bits} bits of {@code bytes} (the rest cleared) into {@code seed}. */
    private static long hashBits(long seed, byte[] bytes, int bits) {
        long h = seed;
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            int b = keep == 0 ? 0 : bytes[i] & (0xff << (8 - keep)) & 0xff;
            h = combine(h, b | (long) i << 8);
        }
        return h;
    }

    /** A value strictly within (0,1) from the top 53 bits. */
    private static double unit(long h) {
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static long combine(long h, long value) {
        return mix(h * 31 + value + 0x9e3779b97f4a7c15L);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit, the same on every JVM. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int compare(InetAddress a, InetAddress b) {
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
