package dev.meridian.gtm.policy;

import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.net.Cidr;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which answer each client block got, per hostname, when it was decided and until when. Kept in memory and
 * saved to one file (written whole to a temporary file, then moved into place, so a crash leaves the old or
 * the new table, never half of one). Bounded: when full, expired entries go first, then new clients are
 * not remembered.
 *
 * <p>Shared between GTM servers without a single point of failure: each server keeps its own table, tells
 * its peers of every answer it decides ({@link #onDecided}) and {@link #merge merges} theirs. Each decision
 * records the one it replaced ({@code replaces}: the decision time of the entry the deciding server held, if
 * any). Where two servers hold different decisions for a block, one made knowing the other (it replaced it or
 * a later one) wins: the block was decided afresh because the remembered answer expired or lost an address.
 * Decisions made without knowing of each other (a peer decided before the news arrived) are settled for the
 * earlier one (same instant: the lower addresses), so a client keeps the answer it got first. Either way
 * both sides pick the same entry, so the servers converge whichever order the news arrives in.
 */
public final class PersistenceTable {
    private static final Logger log = LoggerFactory.getLogger(PersistenceTable.class);

    private final Path file;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final List<Consumer<Decided>> listeners = new CopyOnWriteArrayList<>();

    /** @param replaces decision time of the entry this one replaced; {@link Instant#EPOCH} when there was none */
    public record Entry(List<InetAddress> answer, Instant decidedAt, Instant replaces, Instant expiresAt) {
        /** Whether this decision wins over {@code other} for the same block. */
        boolean beats(Entry other) {
            if (supersedes(other) || other.supersedes(this)) {
                return supersedes(other);
            }
            int byTime = decidedAt.compareTo(other.decidedAt);
            return byTime != 0 ? byTime < 0 : text(answer).compareTo(text(other.answer)) <= 0;
        }

        /** Made later, by a server that knew {@code other} (or something later). */
        private boolean supersedes(Entry other) {
            return decidedAt.isAfter(other.decidedAt) && !replaces.isBefore(other.decidedAt);
        }
    }

    /** One decision as peers exchange it. */
    public record Decided(String hostname, Cidr block, List<InetAddress> answer, Instant decidedAt, Instant replaces,
                          Instant expiresAt) {
        public Decided {
            answer = List.copyOf(answer);
        }
    }

    private record Key(String hostname, Cidr block) {
        /** The entry held under this key, as peers exchange it. */
        Decided decided(Entry e) {
            return new Decided(hostname, block, e.answer(), e.decidedAt(), e.replaces(), e.expiresAt());
        }
    }

    private PersistenceTable(Path file, int maxEntries) {
        this.file = file;
        this.maxEntries = maxEntries;
    }

    /** Opens the table saved in {@code file}, dropping expired and unreadable lines (each logged). */
    public static PersistenceTable open(Path file, int maxEntries, Instant now) throws IOException {
        PersistenceTable table = new PersistenceTable(file, maxEntries);
        if (Files.exists(file)) {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                try {
                    table.readLine(line, now);
                } catch (RuntimeException e) {
                    log.warn("persistence table {} line {} ignored: {}", file, lineNo, e.getMessage());
                }
            }
        }
        return table;
    }

    public Optional<Entry> get(String hostname, Cidr block, Instant now) {
        Entry e = entries.get(new Key(hostname, block));
        return e != null && e.expiresAt().isAfter(now) ? Optional.of(e) : Optional.empty();
    }

    /** Remembers an answer this server decided at {@code now}, replacing what it held, and tells the listeners. */
    public void put(String hostname, Cidr block, List<InetAddress> answer, Instant expiresAt, Instant now) {
        Key key = new Key(hostname, block);
        Entry held = entries.get(key);
        Entry entry = new Entry(List.copyOf(answer), now, held == null ? Instant.EPOCH : held.decidedAt(), expiresAt);
        if (store(key, entry, now)) {
            Decided decided = key.decided(entry);
            listeners.forEach(l -> l.accept(decided));
        }
    }

    /** Called with every answer this server decides (not with merged ones), for its peers. */
    public void onDecided(Consumer<Decided> listener) {
        listeners.add(listener);
    }

    /**
     * Takes a peer's decision unless this table holds one for the block that beats it.
     *
     * @return this table's decision when it beat the peer's (the peer should hear of it), else empty
     */
    public Optional<Decided> merge(Decided theirs, Instant now) {
        if (!theirs.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        Key key = new Key(theirs.hostname(), theirs.block());
        if (!entries.containsKey(key) && !roomFor(now)) {
            return Optional.empty();
        }
        Entry incoming = new Entry(theirs.answer(), theirs.decidedAt(), theirs.replaces(), theirs.expiresAt());
        Entry[] beaten = new Entry[1];
        entries.compute(key, (k, ours) -> {
            if (ours != null && ours.expiresAt().isAfter(now) && ours.beats(incoming)) {
                if (!ours.answer().equals(incoming.answer())) {
                    beaten[0] = ours;
                }
                return ours;
            }
            dirty.set(true);
            return incoming;
        });
        return Optional.ofNullable(beaten[0]).map(key::decided);
    }

    private boolean store(Key key, Entry entry, Instant now) {
        if (!entries.containsKey(key) && !roomFor(now)) {
            return false;
        }
        entries.put(key, entry);
        dirty.set(true);
        return true;
    }

    /** Whether one more entry fits, after dropping the expired ones if it is full. */
    private boolean roomFor(Instant now) {
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        }
        return entries.size() < maxEntries;
    }

    public int size() {
        return entries.size();
    }

    /**
     * One of {@code parts} disjoint shares of the unexpired answers (by hash of hostname and block),
     * so a peer starting up can fetch the whole table in requests of bounded size without the table
     * being sorted or copied whole.
     */
    public List<Decided> part(int part, int parts, Instant now) {
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part must be in [0, parts)");
        }
        List<Decided> out = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (Math.floorMod(k.hashCode(), parts) == part && e.expiresAt().isAfter(now)) {
                out.add(k.decided(e));
            }
        });
        return out;
    }

    /** Writes the table if it changed since the last save. */
    public void saveIfChanged(Instant now) throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (Map.Entry<Key, Entry> e : entries.entrySet()) {
                if (e.getValue().expiresAt().isAfter(now)) {
                    out.write(e.getKey().hostname() + "\t" + e.getKey().block() + "\t" + e.getValue().expiresAt().toEpochMilli()
                            + "\t" + text(e.getValue().answer()) + "\t" + e.getValue().decidedAt().toEpochMilli()
                            + "\t" + e.getValue().replaces().toEpochMilli());
                    out.newLine();
                }
            }
        } catch (IOException e) {
            dirty.set(true);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void readLine(String line, Instant now) {
        if (line.isBlank()) {
            return;
        }
        String[] f = line.split("\t");
        if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 tab-separated fields");
        }
        Instant expires = Instant.ofEpochMilli(Long.parseLong(f[2]));
        if (!expires.isAfter(now) || entries.size() >= maxEntries) {
            return;
        }
        List<InetAddress> answer = new ArrayList<>();
        for (String a : f[3].split(",")) {
            answer.add(IpAddresses.parse(a));
        }
        entries.put(new Key(f[0], Cidr.parse(f[1])),
                new Entry(List.copyOf(answer), Instant.ofEpochMilli(Long.parseLong(f[4])),
                        Instant.ofEpochMilli(Long.parseLong(f[5])), expires));
    }

    private static String text(List<InetAddress> answer) {
        return String.join(",", answer.stream().map(InetAddress::getHostAddress).toList());
    }
}
