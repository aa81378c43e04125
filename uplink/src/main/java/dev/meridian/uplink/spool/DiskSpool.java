package dev.meridian.uplink.spool;

import dev.meridian.uplink.wire.SpoolStatus;
import dev.meridian.uplink.wire.UsageBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's batches waiting for the console, one file per batch in a directory of their own, named by
 * sequence number and the node-minutes they hold ({@code 00000000000000000042-3.json}), so they are
 * read back in order after a restart and a drop is counted without reading the file. Bounded by
 * bytes: past the bound the oldest batches are dropped (never the newest), and every dropped
 * node-minute is counted in {@link #status()}, logged and reported. A file that cannot be read back
 * is skipped, counted as dropped and logged.
 */
public final class DiskSpool {
    private static final Logger log = LoggerFactory.getLogger(DiskSpool.class);
    private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d+)\\.json");
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final long maxBytes;
    /** By sequence, oldest first; guarded by this. */
    private final TreeMap<Long, SpooledBatch> batches = new TreeMap<>();
    private long nextSequence;
    private long bytes;
    private long droppedMinutes;
    private long droppedBatches;
    private long corruptBatches;

    private DiskSpool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** Opens the spool in {@code dir} (created if need be) with what a previous run left in it. */
    public static DiskSpool open(Path dir, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        DiskSpool spool = new DiskSpool(dir, maxBytes);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (name.endsWith(TEMP_SUFFIX)) {
                    // A write the previous run did not finish: its rows were never in the spool.
                    Files.deleteIfExists(file);
                } else if (m.matches()) {
                    long sequence = Long.parseLong(m.group(1));
                    spool.add(new SpooledBatch(sequence, file, Integer.parseInt(m.group(2)), Files.size(file)));
                } else {
                    log.warn("usage spool {}: ignoring {}, which is not a batch file", dir, name);
                }
            }
        }
        spool.nextSequence = spool.batches.isEmpty() ? 1 : spool.batches.lastKey() + 1;
        if (!spool.batches.isEmpty()) {
            log.info("usage spool {}: {} batches ({} bytes) left to deliver from before", dir, spool.batches.size(), spool.bytes);
        }
        return spool;
    }

    private void add(SpooledBatch batch) {
        batches.put(batch.sequence(), batch);
        bytes += batch.bytes();
    }

    /**
     * Writes the batch the next sequence number makes (temp file, fsync, rename: a crash leaves it
     * whole or absent), then drops the oldest batches while the spool is over its bound.
     *
     * @param batch   the batch for a sequence number (its id must carry it)
     * @param minutes node-minutes the batch holds
     */
    public synchronized SpooledBatch append(LongFunction<UsageBatch> batch, int minutes) throws IOException {
        long sequence = nextSequence++;
        byte[] json = BatchJson.write(batch.apply(sequence));
        Path file = dir.resolve(String.format(Locale.ROOT, "%020d-%d.json", sequence, minutes));
        Path temp = dir.resolve(file.getFileName() + TEMP_SUFFIX);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        SpooledBatch spooled = new SpooledBatch(sequence, file, minutes, json.length);
        add(spooled);
        while (bytes > maxBytes && batches.size() > 1) {
            drop(batches.firstEntry().getValue(), "the spool is full (" + maxBytes + " bytes)");
        }
        return spooled;
    }

    /** The oldest batch waiting, if any. */
    public synchronized Optional<SpooledBatch> oldest() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.firstEntry().getValue());
    }

    /**
     * The batch in a file, or empty when the file is no longer in the spool (dropped meanwhile) or
     * cannot be read back: a corrupt file is then dropped, counted and logged.
     */
    public Optional<UsageBatch> read(SpooledBatch batch) {
        byte[] json;
        try {
            json = Files.readAllBytes(batch.file());
        } catch (IOException e) {
            synchronized (this) {
                if (!batches.containsKey(batch.sequence())) {
                    return Optional.empty();
                }
            }
            corrupt(batch, e);
            return Optional.empty();
        }
        try {
            return Optional.of(BatchJson.read(json));
        } catch (IOException e) {
            corrupt(batch, e);
            return Optional.empty();
        }
    }

    private synchronized void corrupt(SpooledBatch batch, IOException e) {
        corruptBatches++;
        log.error("usage spool {}: batch file {} cannot be read back ({}); dropping it", dir, batch.file().getFileName(),
                e.getMessage());
        drop(batch, "its file is corrupt");
    }

    /** The console has the batch: forget it. */
    public synchronized void delivered(SpooledBatch batch) {
        remove(batch);
    }

    /** The batch can never be delivered (the console refused it as invalid): forget it and count the loss. */
    public synchronized void refused(SpooledBatch batch) {
        drop(batch, "the console refused it as invalid");
    }

    private void drop(SpooledBatch batch, String why) {
        if (!remove(batch)) {
            return;
        }
        droppedBatches++;
        droppedMinutes += batch.minutes();
        // Every drop while they are rare, then at each doubling: a spool that stays full for hours says so without flooding.
        if (droppedBatches <= 16 || Long.bitCount(droppedBatches) == 1) {
            log.warn("usage spool {}: dropped batch {} ({} node-minutes of usage lost) because {}; {} node-minutes "
                    + "dropped since start", dir, batch.sequence(), batch.minutes(), why, droppedMinutes);
        }
    }

    private boolean remove(SpooledBatch batch) {
        if (batches.remove(batch.sequence()) == null) {
            return false;
        }
        bytes -= batch.bytes();
        try {
            Files.deleteIfExists(batch.file());
        } catch (IOException e) {
            throw new UncheckedIOException("usage spool " + dir + ": cannot delete " + batch.file(), e);
        }
        return true;
    }

    /** Rows that could not be written to the spool at all: lost, and counted as such. */
    public synchronized void unwritable(int minutes, IOException e) {
        droppedMinutes += minutes;
        log.error("usage spool {}: cannot write a batch ({}); {} node-minutes of usage lost", dir, e.toString(), minutes);
    }

    /** Backlog and drops, as shipped with each batch. */
    public synchronized SpoolStatus status() {
        return new SpoolStatus(batches.size(), bytes, droppedMinutes);
    }

    /** Batch files that could not be read back, since start. */
    public synchronized long corruptBatches() {
        return corruptBatches;
    }

    public Path dir() {
        return dir;
    }
}
