package dev.meridian.cli;

import dev.meridian.core.config.HostPort;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One POP's edge as a child process of this one: {@code meridian edge --pop ID} on the same java,
 * JVM options and class path, its output in a log file. The child exits by itself when this process
 * dies however it dies ({@code --parent-pid}), and {@link #close} stops it by its PID: SIGTERM, then
 * a forced kill if it has not gone within {@value #STOP_WAIT_SECONDS} s.
 */
public final class EdgeProcess implements AutoCloseable {
    /** Lets JNA load its stub without Java 24+'s restricted-method warning; Java 17 accepts it too. */
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final int STOP_WAIT_SECONDS = 10;
    /** {@code kill} returns at once; this only bounds a machine too busy to run it. */
    static final int SIGNAL_WAIT_SECONDS = 5;

    private final String pop;
    private final HostPort admin;
    private final Path log;
    private final Process process;

    private EdgeProcess(String pop, HostPort admin, Path log, Process process) {
        this.pop = pop;
        this.admin = admin;
        this.log = log;
        this.process = process;
    }

    /** Starts the edge of {@code pop} from {@code configFile} (null: the embedded demo config). */
    static EdgeProcess start(String pop, HostPort admin, Path configFile, Path logDir) throws IOException {
        return start(pop, admin, configFile, logDir, ProcessHandle.current().pid());
    }

    /** As above, the child exiting when {@code parentPid} does. */
    static EdgeProcess start(String pop, HostPort admin, Path configFile, Path logDir, long parentPid) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("edge");
        command.add("--pop");
        command.add(pop);
        if (configFile != null) {
            command.add("--config");
            command.add(configFile.toAbsolutePath().toString());
        }
        command.add("--parent-pid");
        command.add(String.valueOf(parentPid));
        Path log = logDir.resolve(pop + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new EdgeProcess(pop, admin, log, process);
    }

    /** This JVM's java, its options (less a debugger's, whose port the child could not have) and class path. */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> inherited = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String arg : inherited) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp") && !arg.startsWith("-javaagent")) {
                command.add(arg);
            }
        }
        // A parent started with java -jar has native access from the jar's manifest, which -cp does not read.
        if (!inherited.contains(NATIVE_ACCESS)) {
            command.add(NATIVE_ACCESS);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MeridianCli.class.getName());
        return command;
    }

    /** Waits until the edge's admin listener says it is healthy; fails with the end of its log if it exits or takes too long. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new Demo.StartFailure("POP " + pop + ": its edge process exited (" + process.exitValue() + "): "
                        + tail(), null);
            }
            if (healthy()) {
                return;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new Demo.StartFailure("POP " + pop + ": its edge process did not become healthy within "
                + timeout.toSeconds() + " s; its log says: " + tail(), null);
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + admin + "/healthz").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    public String pop() {
        return pop;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends the child SIGHUP, which has it reload its config file. Java can only send SIGTERM and
     * SIGKILL, so this runs {@code kill -HUP <pid>}. Returns whether the signal was sent: false when
     * the child has exited or {@code kill} failed or did not finish within {@value #SIGNAL_WAIT_SECONDS} s.
     */
    boolean hangup() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return false;
        }
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(SIGNAL_WAIT_SECONDS, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            return false;
        }
        return kill.exitValue() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
