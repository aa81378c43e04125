package dev.meridian.gtm.interop;

import static org.awaitility.Awaitility.await;

import dev.meridian.gtm.DnsTestClient;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Type;

/**
 * An unbound recursive resolver of the test's own, on a loopback address of its own, with stub zones that
 * send the given zones to the GTM and EDNS Client Subnet forwarded to it. Stopped by its own process handle.
 */
final class UnboundResolver implements AutoCloseable {
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private UnboundResolver(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    static UnboundResolver start(Path binary, Path dir, InetSocketAddress gtm, List<String> zones) throws Exception {
        Files.createDirectories(dir);
        InetSocketAddress listen = freeLoopbackAddress();
        String gtmIp = gtm.getAddress().getHostAddress();
        StringBuilder conf = new StringBuilder("""
                server:
                  interface: %s
                  port: %d
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  directory: "%s"
                  pidfile: "%s"
                  use-syslog: no
                  logfile: ""
                  verbosity: 1
                  num-threads: 1
                  so-reuseport: no
                  access-control: 127.0.0.0/8 allow
                  do-not-query-localhost: no
                  do-ip6: no
                  qname-minimisation: no
                  module-config: "subnetcache iterator"
                  send-client-subnet: %s
                  client-subnet-always-forward: yes
                  max-client-subnet-ipv4: 24
                  local-zone: "test." nodefault
                  domain-insecure: "test."
                remote-control:
                  control-enable: no
                """.formatted(listen.getAddress().getHostAddress(), listen.getPort(), dir, dir.resolve("unbound.pid"), gtmIp));
        for (String zone : zones) {
            conf.append("stub-zone:\n  name: \"").append(zone).append(".\"\n  stub-addr: ").append(gtmIp).append('@')
                    .append(gtm.getPort()).append('\n');
        }
        Path confFile = dir.resolve("unbound.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        Path log = dir.resolve("unbound.log");
        Process p = new ProcessBuilder(binary.toString(), "-d", "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UnboundResolver resolver = new UnboundResolver(p, listen, log);
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("unbound exited: " + Files.readString(log));
                }
                return DnsTestClient.udp(listen, DnsTestClient.query("cdn.test", Type.SOA)).getRcode() == 0;
            });
        } catch (RuntimeException e) {
            resolver.close();
            throw new IllegalStateException("unbound did not come up; its log:\n" + Files.readString(log), e);
        }
        return resolver;
    }

    InetSocketAddress address() {
        return address;
    }

    /** A random 127.53.x.y with a port free for both UDP and TCP (unbound takes both). */
    private static InetSocketAddress freeLoopbackAddress() throws IOException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 20; attempt++) {
            InetAddress ip = InetAddress.getByAddress(new byte[] {127, 53, (byte) r.nextInt(1, 255), (byte) r.nextInt(1, 255)});
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ip, 0));
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, ip)) {
                return new InetSocketAddress(ip, tcp.getLocalPort());
            } catch (IOException e) {
                // taken: try another address
            }
        }
        throw new IOException("no free loopback address/port for unbound");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "unbound at " + address + " (log " + log + ")";
    }
}
