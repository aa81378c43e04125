package dev.meridian.uplink.usage;

import dev.meridian.uplink.wire.DnsMinute;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A GTM's decisions per minute, hostname, answered address, POP and client block. Client blocks are
 * open-ended, so each minute's table holds at most {@code maxKeys} keys; a decision for a new key past
 * that is counted under the block {@value #OTHER_BLOCK} of its hostname, address and POP (which the
 * config bounds) and in {@link #overflowed()}. A decision whose key is already in the table allocates
 * nothing but the client address's bytes: the lookup goes through a per-thread probe key. The shipper
 * never clears a table a writer may be adding to (see {@link Table}), so no decision is lost.
 */
public final class DnsCounters implements UsageSource {
    /** The client block overflowing decisions are counted under. */
    public static final String OTHER_BLOCK = "other";
    /** The block of a decision that had no client address. */
    static final String NO_BLOCK = "-";
    private static final int PREFIX_V4 = 24;
    private static final int PREFIX_V6 = 56;

    private final LongSupplier clock;
    private final int maxKeys;
    private final AtomicReferenceArray<Table> banks = new AtomicReferenceArray<>(MinuteBanks.BANKS);
    private final LongAdder overflowed = new LongAdder();
    private final ThreadLocal<Key> probes = ThreadLocal.withInitial(Key::new);

    /** @param clock milliseconds since the epoch */
    public DnsCounters(LongSupplier clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
        for (int i = 0; i < MinuteBanks.BANKS; i++) {
            banks.set(i, new Table());
        }
    }

    /**
     * One bank's counts. The shipper replaces a bank's table rather than clearing it, since a writer may
     * hold one of its adders: {@code active} and {@code retired} make sure that no writer is still
     * inside the old table when its last counts are taken.
     */
    private static final class Table {
        final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
        final AtomicInteger keys = new AtomicInteger();
        final AtomicInteger active = new AtomicInteger();
        volatile boolean retired;
    }

    /**
     * One answer given.
     *
     * @param pop          the POP the address belongs to, or null for a customer's server
     * @param client       the client (ECS subnet address, else the resolver), or null when unknown
     * @param clientPrefix bits of {@code client} disclosed (the ECS source prefix, else the full length)
     */
    public void decided(String hostname, InetAddress answer, String pop, InetAddress client, int clientPrefix) {
        Key probe = probes.get().set(hostname, answer, pop, client, clientPrefix);
        int bank = MinuteBanks.bankOf(MinuteBanks.minuteOf(clock.getAsLong()));
        for (;;) {
            Table table = banks.get(bank);
            table.active.incrementAndGet();
            try {
                if (table.retired) {
                    continue;
                }
                LongAdder count = table.counts.get(probe);
                if (count == null) {
                    count = table.keys.get() < maxKeys ? insert(table, probe.copy()) : overflow(table, probe);
                }
                count.increment();
                return;
            } finally {
                table.active.decrementAndGet();
            }
        }
    }

    private static LongAdder insert(Table table, Key key) {
        return table.counts.computeIfAbsent(key, k -> {
            table.keys.incrementAndGet();
            return new LongAdder();
        });
    }

    private LongAdder overflow(Table table, Key probe) {
        overflowed.increment();
        // Not counted against maxKeys: hostnames, addresses and POPs come from the config, so these are few.
        return table.counts.computeIfAbsent(probe.other(), k -> new LongAdder());
    }

    /** Decisions counted under {@link #OTHER_BLOCK} because their minute's table was full, since start. */
    public long overflowed() {
        return overflowed.sum();
    }

    @Override
    public synchronized ClosedMinutes close(long nowMillis, boolean includeCurrent) {
        long current = MinuteBanks.minuteOf(nowMillis);
        long oldest = current - (MinuteBanks.BANKS - 1);
        long last = includeCurrent ? current : current - 1;
        List<DnsMinute> rows = new ArrayList<>();
        for (long minute = oldest; minute <= last; minute++) {
            Table table = banks.get(MinuteBanks.bankOf(minute));
            if (minute == oldest) {
                // The next minute's bank: a fresh table, and the old one's last counts once no writer is in it.
                banks.set(MinuteBanks.bankOf(minute), new Table());
                table.retired = true;
                while (table.active.get() > 0) {
                    Thread.onSpinWait();
                }
            }
            drain(table, minute, rows);
        }
        return rows.isEmpty() ? ClosedMinutes.NONE : new ClosedMinutes(List.of(), rows);
    }

    private static void drain(Table table, long minute, List<DnsMinute> rows) {
        for (Map.Entry<Key, LongAdder> e : table.counts.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                rows.add(e.getKey().row(minute, n));
            }
        }
    }

    /** What a decision is counted by; mutable only as a thread's probe. */
    private static final class Key {
        String hostname;
        InetAddress answer;
        String pop;
        /** The client address masked to its block, or null (no client, or {@link #OTHER_BLOCK} when other is set). */
        byte[] block;
        int prefix;
        boolean other;
        int hash;

        Key set(String hostname, InetAddress answer, String pop, InetAddress client, int clientPrefix) {
            this.hostname = hostname;
            this.answer = answer;
            this.pop = pop;
            this.other = false;
            if (client == null) {
                block = null;
                prefix = 0;
            } else {
                block = client.getAddress();
                prefix = Math.min(clientPrefix, block.length == 4 ? PREFIX_V4 : PREFIX_V6);
                mask(block, prefix);
            }
            hash = hashOf();
            return this;
        }

        /** By hand rather than {@code Objects.hash}, which would box and allocate on every decision. */
        private int hashOf() {
            int h = hostname.hashCode();
            h = 31 * h + answer.hashCode();
            h = 31 * h + Objects.hashCode(pop);
            h = 31 * h + prefix;
            h = 31 * h + (other ? 1 : 0);
            return 31 * h + Arrays.hashCode(block);
        }

        private static void mask(byte[] address, int prefix) {
            for (int i = 0; i < address.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - i * 8));
                address[i] &= (byte) (0xff << (8 - keep));
            }
        }

        Key copy() {
            Key k = new Key();
            k.hostname = hostname;
            k.answer = answer;
            k.pop = pop;
            k.block = block;
            k.prefix = prefix;
            k.other = other;
            k.hash = hash;
            return k;
        }

        Key other() {
            Key k = new Key().set(hostname, answer, pop, null, 0);
            k.other = true;
            k.hash = k.hashOf();
            return k;
        }

        DnsMinute row(long minute, long decisions) {
            return new DnsMinute(ClosedMinutes.minuteStart(minute), hostname, answer.getHostAddress(), pop,
                    blockText(), decisions);
        }

        private String blockText() {
            if (other) {
                return OTHER_BLOCK;
            }
            if (block == null) {
                return NO_BLOCK;
            }
            try {
                return InetAddress.getByAddress(block).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a masked address of 4 or 16 bytes", e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && other == k.other && prefix == k.prefix
                    && hostname.equals(k.hostname) && answer.equals(k.answer) && Objects.equals(pop, k.pop)
                    && Arrays.equals(block, k.block);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
