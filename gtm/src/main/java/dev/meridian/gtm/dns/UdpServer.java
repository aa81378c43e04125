package dev.meridian.gtm.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP: several threads each receiving, answering and sending in turn. Where the platform has
 * SO_REUSEPORT each thread gets a socket of its own on the same address (the kernel spreads clients over
 * them, and no two threads contend for one socket's locks); elsewhere they share one socket. A packet that
 * breaks anything is logged and forgotten; the thread goes on to the next one.
 */
public final class UdpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpServer.class);
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final int MAX_DATAGRAM = 65535;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final QueryHandler handler;
    private final List<Thread> threads = new ArrayList<>();

    private UdpServer(QueryHandler handler) {
        this.handler = handler;
    }

    public static UdpServer start(InetSocketAddress listen, int threads, QueryHandler handler) throws IOException {
        UdpServer server = new UdpServer(handler);
        try {
            DatagramChannel first = open(listen, threads > 1);
            server.channels.add(first);
            boolean ownSockets = threads > 1 && first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            InetSocketAddress bound = new InetSocketAddress(listen.getAddress(), server.address().getPort());
            for (int i = 1; i < threads && ownSockets; i++) {
                server.channels.add(open(bound, true));
            }
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for DNS over UDP on " + listen + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < threads; i++) {
            DatagramChannel channel = server.channels.get(i % server.channels.size());
            Thread t = new Thread(() -> server.serve(channel), "gtm-udp-" + i);
            t.setDaemon(true);
            server.threads.add(t);
            t.start();
        }
        return server;
    }

    private static DatagramChannel open(InetSocketAddress at, boolean reusePort) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            if (reusePort && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(at);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) channels.get(0).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether every socket is open and every receive thread still running. */
    public boolean isHealthy() {
        return channels.stream().allMatch(DatagramChannel::isOpen) && threads.stream().allMatch(Thread::isAlive);
    }

    private void serve(DatagramChannel channel) {
        // Buffers per thread, reused for every packet. Direct ones for the socket: with heap buffers the JDK
        // copies through a temporary direct buffer looked up per call; the handler works on the arrays.
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        ByteBuffer out = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] query = new byte[MAX_DATAGRAM];
        byte[] response = new byte[MAX_DATAGRAM];
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (!(from instanceof InetSocketAddress client)) {
                    continue;
                }
                int length = in.flip().remaining();
                in.get(query, 0, length);
                int n = handler.handleUdp(query, length, client.getAddress(), response);
                if (n >= 0) {
                    out.clear();
                    out.put(response, 0, n).flip();
                    channel.send(out, client);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (Exception | StackOverflowError e) {
                log.warn("UDP query failed; serving on", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : channels) {
            channel.close();
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
