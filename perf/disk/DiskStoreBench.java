import dev.meridian.edge.cache.disk.DiskObjectWriter;
import dev.meridian.edge.cache.disk.DiskStore;
import dev.meridian.edge.cache.KeyRange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Disk store figures the issue asks for: how long a POP takes to open a store of N small objects
 * (default 1,000,000), and how long a prefix purge matching 1,000 of them takes. Run through
 * perf/disk-store.sh, which builds the edge, fills the store once, then opens it in a fresh JVM per
 * round (a POP restart is a new process) and prints the medians.
 *
 * Usage: DiskStoreBench fill <store dir> <objects>   |   DiskStoreBench open <store dir>
 */
public final class DiskStoreBench {
    private static final String PREFIX = "http://www.acme.test/campaign/2026/";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        DiskStore.Settings settings = DiskStore.Settings.of(dir, 64L << 30, 16 << 20);
        if (args[0].equals("fill")) {
            int objects = Integer.parseInt(args[2]);
            DiskStore store = DiskStore.open(settings);
            long have = store.stats().objects();
            if (have < objects) {
                System.out.printf("filling the store with %,d objects of 200 bytes (once; reused by later runs)...%n", objects - have);
                long t0 = System.nanoTime();
                fill(store, (int) have, objects);
                System.out.printf("  filled in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            store.close();
            return;
        }
        // CPU time as well as wall time: on a machine shared with other work the wall clock mostly
        // measures the neighbours, the process's CPU time much less so.
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        DiskStore store = DiskStore.open(settings);
        double openMs = (System.nanoTime() - t0) / 1e6;
        double openCpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        long stored = store.stats().objects();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long threadCpu0 = threads.getCurrentThreadCpuTime();
        t0 = System.nanoTime();
        int matched = store.remove(KeyRange.prefix(PREFIX));
        double purgeMs = (System.nanoTime() - t0) / 1e6;
        double purgeCpuMs = (threads.getCurrentThreadCpuTime() - threadCpu0) / 1e6;
        // Put the purged objects back for the next round.
        for (int i = 0; i < 1000; i++) {
            write(store, PREFIX + "banner-" + i + ".jpg", i);
        }
        store.close();
        System.out.printf("ROUND objects=%d open_ms=%.0f open_cpu_ms=%.0f purged=%d purge_ms=%.2f purge_cpu_ms=%.2f%n", stored,
                openMs, openCpuMs, matched, purgeMs, purgeCpuMs);
    }

    private static void fill(DiskStore store, int from, int to) throws InterruptedException {
        AtomicLong next = new AtomicLong(from);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread th = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < to) {
                    String key = i < 1000 ? PREFIX + "banner-" + i + ".jpg"
                            : "http://www.acme.test/static/" + (i % 997) + "/asset-" + i + ".css";
                    write(store, key, (int) i);
                    if (i % 100_000 == 0) {
                        System.out.printf("  %,d%n", i);
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    private static void write(DiskStore store, String key, int seed) {
        byte[] body = new byte[200];
        Arrays.fill(body, (byte) seed);
        DiskObjectWriter w = store.writer(key, ("HTTP/1.1 200\ncontent-type: text/css\n" + seed).getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("store not writable: " + store));
        w.write(ByteBuffer.wrap(body));
        if (!w.commit()) {
            throw new IllegalStateException("not stored: " + key);
        }
    }

    private DiskStoreBench() {
    }
}
