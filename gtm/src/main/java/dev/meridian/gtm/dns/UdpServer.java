package dev.meridian.gtm.dns;

import dev.meridian.gtm.observability.ThrottledLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP: several threads each receiving, answering and sending in turn. Where the platform has
 * SO_REUSEPORT each thread gets a socket of its own on the same address (the kernel spreads clients over
 * them, and no two threads contend for one socket's locks); elsewhere they share one socket.
 *
 * <p>On Linux (amd64 or aarch64) the sockets are native, reached through JNA, and each system call
 * receives or sends a batch of packets ({@link BatchedUdpSocket}); anywhere else, or when that cannot be
 * set up, they are the JDK's channels ({@link ChannelUdpSocket}). Both answer every packet alike.
 */
public final class UdpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpServer.class);
    private static final int RECEIVE_BUFFER = 4 << 20;
    /** Set to {@code channel} to keep to the JDK's channels even where batched native I/O would work. */
    static final String IO_PROPERTY = "meridian.gtm.udp";

    /** How packets reach the handler. */
    public enum Io {
        /** Batched native I/O where it works, otherwise the JDK's channels. */
        AUTO,
        /** recvmmsg/sendmmsg on native sockets; starting fails where they are not available. */
        BATCHED,
        /** The JDK's DatagramChannel, one packet per call. */
        CHANNEL
    }

    private final ThrottledLog failures = new ThrottledLog(log, 10);
    private final List<DnsUdpSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Io io;

    private UdpServer() {
    }

    /** Batched native I/O unless unavailable or turned off with {@code -Dmeridian.gtm.udp=channel}. */
    public static UdpServer start(InetSocketAddress listen, int threads, QueryHandler handler) throws IOException {
        boolean channelsOnly = "channel".equals(System.getProperty(IO_PROPERTY, "").toLowerCase(Locale.ROOT));
        return start(listen, threads, handler, channelsOnly ? Io.CHANNEL : Io.AUTO);
    }

    public static UdpServer start(InetSocketAddress listen, int threads, QueryHandler handler, Io io) throws IOException {
        UdpServer server = new UdpServer();
        try {
            server.open(listen, threads, io);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for DNS over UDP on " + listen + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        for (int i = 0; i < threads; i++) {
            DnsUdpSocket socket = server.sockets.get(i % server.sockets.size());
            Thread t = new Thread(() -> socket.serve(handler), "gtm-udp-" + i);
            t.setDaemon(true);
            server.threads.add(t);
            t.start();
        }
        log.info("DNS over UDP on {}: {} threads, {}", server.address(), threads, server.io == Io.BATCHED
                ? "recvmmsg/sendmmsg in batches of up to " + BatchedUdpSocket.BATCH + " packets" : "the JDK's DatagramChannel");
        return server;
    }

    private void open(InetSocketAddress listen, int threads, Io wanted) throws IOException {
        String unavailable = batchedUnavailable();
        if (wanted == Io.BATCHED && unavailable != null) {
            throw new IllegalStateException("batched UDP is not available here: " + unavailable);
        }
        if (wanted != Io.CHANNEL && unavailable == null) {
            io = Io.BATCHED;
            // Linux has SO_REUSEPORT: one socket per thread.
            sockets.add(BatchedUdpSocket.open(listen, threads > 1, RECEIVE_BUFFER, failures));
            InetSocketAddress bound = address();
            for (int i = 1; i < threads; i++) {
                sockets.add(BatchedUdpSocket.open(bound, true, RECEIVE_BUFFER, failures));
            }
            return;
        }
        if (wanted == Io.AUTO) {
            log.info("batched UDP is not available ({}); using the JDK's DatagramChannel", unavailable);
        }
        io = Io.CHANNEL;
        boolean ownSockets = threads > 1 && ChannelUdpSocket.canReusePort();
        sockets.add(ChannelUdpSocket.open(listen, ownSockets, RECEIVE_BUFFER, failures));
        InetSocketAddress bound = address();
        for (int i = 1; i < threads && ownSockets; i++) {
            sockets.add(ChannelUdpSocket.open(bound, true, RECEIVE_BUFFER, failures));
        }
    }

    /** Why batched native UDP cannot run in this JVM, or null when it can. */
    static String batchedUnavailable() {
        return NativeCheck.WHY;
    }

    /** Tries the libc binding once; where JNA's native stub cannot load, it cannot even link. */
    private static final class NativeCheck {
        static final String WHY = check();

        private static String check() {
            try {
                Class.forName("dev.meridian.gtm.dns.LinuxSockets", true, UdpServer.class.getClassLoader());
                return null;
            } catch (ExceptionInInitializerError e) {
                return describe(e.getCause() != null ? e.getCause() : e);
            } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
                return describe(e);
            }
        }

        private static String describe(Throwable e) {
            if (e instanceof IllegalCallerException) {
                return "the JVM runs without --enable-native-access=ALL-UNNAMED";
            }
            return e.toString();
        }
    }

    public InetSocketAddress address() {
        try {
            return sockets.get(0).localAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which I/O the sockets use: {@link Io#BATCHED} or {@link Io#CHANNEL}. */
    public Io io() {
        return io;
    }

    /** Whether every socket is open and every receive thread still running. */
    public boolean isHealthy() {
        return sockets.stream().allMatch(DnsUdpSocket::isOpen) && threads.stream().allMatch(Thread::isAlive);
    }

    @Override
    public void close() throws IOException {
        for (DnsUdpSocket socket : sockets) {
            socket.close();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
