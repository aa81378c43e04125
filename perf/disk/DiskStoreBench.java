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
 * perf/disk-store.sh, which builds the edge and sets the class path.
 *
 * Usage: DiskStoreBench <store dir> [objects] [rounds]
 */
public final class DiskStoreBench {
    private static final String PREFIX = "http://www.acme.test/campaign/2026/";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int objects = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long maxBytes = 64L << 30;
        DiskStore.Settings settings = DiskStore.Settings.of(dir, maxBytes, 16 << 20);

        DiskStore store = DiskStore.open(settings);
        long have = store.stats().objects();
        if (have < objects) {
            System.out.printf("filling the store with %,d objects of 200 bytes (once; reused on later runs)...%n", objects - have);
            long t0 = System.nanoTime();
            fill(store, (int) have, objects);
            System.out.printf("  filled in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        store.close();

        double[] startup = new double[rounds];
        double[] purge = new double[rounds];
        int matched = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            store = DiskStore.open(settings);
            startup[r] = (System.nanoTime() - t0) / 1e6;
            long stored = store.stats().objects();
            t0 = System.nanoTime();
            matched = store.remove(KeyRange.prefix(PREFIX));
            purge[r] = (System.nanoTime() - t0) / 1e6;
            System.out.printf("round %d: open %,d objects in %.0f ms; prefix purge removed %,d in %.2f ms%n",
                    r + 1, stored, startup[r], matched, purge[r]);
            // Put the purged objects back for the next round.
            for (int i = 0; i < 1000; i++) {
                write(store, PREFIX + "banner-" + i + ".jpg", i);
            }
            store.close();
        }
        System.out.printf("%nRESULT startup with %,d objects: median %.0f ms (of %d runs)%n", objects, median(startup), rounds);
        System.out.printf("RESULT prefix purge of %,d objects in a store of %,d: median %.2f ms (of %d runs)%n",
                matched, objects, median(purge), rounds);
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

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private DiskStoreBench() {
    }
}
