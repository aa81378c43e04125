package dev.meridian.e2e.jmeter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.util.JMeterUtils;

/**
 * JMeter in this JVM: a throw-away JMeter home whose {@code bin/} holds the stock property files (from the
 * ApacheJMeter_config jar on the test classpath), set up once. JMeter keeps its settings in static state,
 * so every run in the JVM shares this home; it is deleted when the JVM exits.
 */
final class JMeterHome {
    private static final List<String> FILES = List.of("jmeter.properties", "saveservice.properties", "upgrade.properties",
            "system.properties", "user.properties", "reportgenerator.properties");
    private static Path home;

    private JMeterHome() {
    }

    static synchronized Path init() {
        if (home != null) {
            return home;
        }
        try {
            Path dir = Files.createTempDirectory("meridian-jmeter-home");
            // Not deleteOnExit: it leaves a directory that is not empty, and this one never is.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "jmeter-home-cleanup"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Files.createDirectories(dir.resolve("lib/ext"));
            for (String name : FILES) {
                try (InputStream in = JMeterHome.class.getClassLoader().getResourceAsStream("bin/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("bin/" + name + " is not on the classpath (ApacheJMeter_config missing?)");
                    }
                    Files.copy(in, bin.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            JMeterUtils.setJMeterHome(dir.toString());
            JMeterUtils.loadJMeterProperties(bin.resolve("jmeter.properties").toString());
            JMeterUtils.setLocale(Locale.ENGLISH);
            // Functions (__P, __groovy, ...) are found by scanning jars: point the scan at JMeter's own.
            JMeterUtils.setProperty("search_paths", Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(p -> p.contains("ApacheJMeter")).collect(Collectors.joining(";")));
            // Never let JMeter end the test JVM when a run's threads are slow to stop.
            JMeterUtils.setProperty("jmeterengine.stopfail.system.exit", "false");
            JMeterUtils.setProperty("jmeterengine.remote.system.exit", "false");
            JMeterUtils.setProperty("jmeterengine.force.system.exit", "false");
            JMeterUtils.setProperty("httpclient4.retrycount", "0");
            SaveService.loadProperties();
            home = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Best effort: it runs as the JVM exits, when there is no one left to tell. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Gone already, or unreadable: nothing more to do on the way out.
        }
    }
}
