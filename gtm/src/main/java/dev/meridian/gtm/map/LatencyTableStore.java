package dev.meridian.gtm.map;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.gtm.latency.DecayingAverage;
import dev.meridian.gtm.latency.LatencyTable;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.gtm.latency.PathStats;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latency table on disk so the map survives a restart: the decisions are a pure function
 * of the table, so the table is all that needs saving. Written to a temporary file and moved into
 * place, so a crash mid-write leaves the previous copy.
 */
public final class LatencyTableStore {
    private static final Logger log = LoggerFactory.getLogger(LatencyTableStore.class);
    static final String FILE = "latency-table.json";

    /** One saved path; NaN RTTs (never replied) survive because non-numeric numbers are allowed. */
    record SavedPath(String pop, String target, double rttSum, double rttWeight, long rttReference,
                     double lossSum, double lossWeight, long lossReference,
                     double lastRttMs, double lastLoss, String lastMethod, boolean lastEmulated, long lastAt) {}

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final Path file;

    public LatencyTableStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    public Path file() {
        return file;
    }

    public void save(LatencyTable table) throws IOException {
        List<SavedPath> rows = table.rows().stream().map(LatencyTableStore::saved).toList();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), rows);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Loads the saved rows into {@code table}; a missing file is a first start, an unreadable one is logged and skipped. */
    public int load(LatencyTable table) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            List<SavedPath> saved = JSON.readValue(file.toFile(), new TypeReference<List<SavedPath>>() {});
            long c = table.timeConstant().toMillis();
            List<LatencyTable.Row> rows = saved.stream().map(s -> row(s, c)).toList();
            table.restore(rows);
            return rows.size();
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ignoring unreadable latency table {}: {}", file, e.toString());
            return 0;
        }
    }

    private static SavedPath saved(LatencyTable.Row r) {
        PathStats s = r.stats();
        Measurement last = s.last();
        return new SavedPath(r.pop(), r.target().getHostAddress(),
                s.rtt().weightedSum(), s.rtt().weightSum(), s.rtt().referenceMillis(),
                s.loss().weightedSum(), s.loss().weightSum(), s.loss().referenceMillis(),
                last.rttMs(), last.loss(), last.method(), last.emulated(), last.at().toEpochMilli());
    }

    private static LatencyTable.Row row(SavedPath s, long timeConstantMillis) {
        InetAddress target = IpAddresses.parse(s.target());
        Measurement last = new Measurement(s.pop(), target, s.lastRttMs(), s.lastLoss(), s.lastMethod(),
                s.lastEmulated(), Instant.ofEpochMilli(s.lastAt()));
        return new LatencyTable.Row(s.pop(), target, new PathStats(
                new DecayingAverage(s.rttSum(), s.rttWeight(), s.rttReference(), timeConstantMillis),
                new DecayingAverage(s.lossSum(), s.lossWeight(), s.lossReference(), timeConstantMillis),
                last));
    }
}
