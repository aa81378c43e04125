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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which answer each client block got, per hostname, until when. Kept in memory and saved to one file
 * (written whole to a temporary file, then moved into place, so a crash leaves the old or the new table,
 * never half of one). Bounded: when full, expired entries go first, then new clients are not remembered.
 */
public final class PersistenceTable {
    private static final Logger log = LoggerFactory.getLogger(PersistenceTable.class);

    private final Path file;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();

    public record Entry(List<InetAddress> answer, Instant expiresAt) {
    }

    private record Key(String hostname, Cidr block) {
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

    public void put(String hostname, Cidr block, List<InetAddress> answer, Instant expiresAt, Instant now) {
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
            if (entries.size() >= maxEntries) {
                return;
            }
        }
        entries.put(new Key(hostname, block), new Entry(List.copyOf(answer), expiresAt));
        dirty.set(true);
    }

    public int size() {
        return entries.size();
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
                            + "\t" + String.join(",", e.getValue().answer().stream().map(InetAddress::getHostAddress).toList()));
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
        if (f.length != 4) {
            throw new IllegalArgumentException("expected 4 tab-separated fields");
        }
        Instant expires = Instant.ofEpochMilli(Long.parseLong(f[2]));
        if (!expires.isAfter(now) || entries.size() >= maxEntries) {
            return;
        }
        List<InetAddress> answer = new ArrayList<>();
        for (String a : f[3].split(",")) {
            answer.add(IpAddresses.parse(a));
        }
        entries.put(new Key(f[0], Cidr.parse(f[1])), new Entry(List.copyOf(answer), expires));
    }
}
