package dev.meridian.core.observability;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The host's load figure, {@code 10 x load average + swap used in MB}: from /proc/loadavg and
 * /proc/meminfo where they exist, else from the JVM's OperatingSystemMXBean, else unknown (1000).
 * Edges report it to the GTM, which ranks POPs by it.
 */
public final class SystemLoad {
    /** The figure when the host cannot tell. */
    public static final int UNKNOWN_FIGURE = 1000;

    private final Path procLoadavg;
    private final Path procMeminfo;

    public SystemLoad(Path procLoadavg, Path procMeminfo) {
        this.procLoadavg = procLoadavg;
        this.procMeminfo = procMeminfo;
    }

    public static SystemLoad ofHost() {
        return new SystemLoad(Path.of("/proc/loadavg"), Path.of("/proc/meminfo"));
    }

    public int loadFigure() {
        OptionalDouble load = read(procLoadavg).map(SystemLoad::parseLoadAverage).orElse(OptionalDouble.empty());
        OptionalLong swap = read(procMeminfo).map(SystemLoad::parseSwapUsedMb).orElse(OptionalLong.empty());
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (load.isEmpty() && os.getSystemLoadAverage() >= 0) {
            load = OptionalDouble.of(os.getSystemLoadAverage());
        }
        if (swap.isEmpty() && os instanceof OperatingSystemMXBean sun) {
            swap = OptionalLong.of((sun.getTotalSwapSpaceSize() - sun.getFreeSwapSpaceSize()) / (1024 * 1024));
        }
        return figure(load, swap);
    }

    /** CPU use of the whole host, 0..1; 0 when the JVM cannot tell. */
    public double cpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean sun) {
            double cpu = sun.getCpuLoad();
            return cpu >= 0 && cpu <= 1 ? cpu : 0;
        }
        return 0;
    }

    static int figure(OptionalDouble loadAverage, OptionalLong swapUsedMb) {
        if (loadAverage.isEmpty() || swapUsedMb.isEmpty()) {
            return UNKNOWN_FIGURE;
        }
        return (int) Math.round(10 * loadAverage.getAsDouble() + swapUsedMb.getAsLong());
    }

    /** The 1-minute load average: the first field of /proc/loadavg. */
    static OptionalDouble parseLoadAverage(String text) {
        String[] fields = text.trim().split("\\s+");
        try {
            return fields.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(fields[0]));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** SwapTotal - SwapFree from /proc/meminfo (values in kB), in MB. */
    static OptionalLong parseSwapUsedMb(String text) {
        long total = -1;
        long free = -1;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("SwapTotal:")) {
                total = parseLong(f[1]);
            } else if (f.length >= 2 && f[0].equals("SwapFree:")) {
                free = parseLong(f[1]);
            }
        }
        return total < 0 || free < 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(0, total - free) / 1024);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(Files.readString(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
