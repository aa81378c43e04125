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
 * DNS over UDP: one socket, several threads each receiving, answering and sending in turn. A packet that
 * breaks anything is logged and forgotten; the thread goes on to the next one.
 */
public final class UdpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpServer.class);
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final DatagramChannel channel;
    private final QueryHandler handler;
    private final List<Thread> threads = new ArrayList<>();

    private UdpServer(DatagramChannel channel, QueryHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    public static UdpServer start(InetSocketAddress listen, int threads, QueryHandler handler) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            channel.bind(listen);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for DNS over UDP on " + listen + ": " + e.getMessage(), e);
        }
        UdpServer server = new UdpServer(channel, handler);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(server::serve, "gtm-udp-" + i);
            t.setDaemon(true);
            server.threads.add(t);
            t.start();
        }
        return server;
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether every receive thread is still running. */
    public boolean isHealthy() {
        return channel.isOpen() && threads.stream().allMatch(Thread::isAlive);
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(65535);
        while (channel.isOpen()) {
            try {
                in.clear();
                SocketAddress from = channel.receive(in);
                if (!(from instanceof InetSocketAddress client)) {
                    continue;
                }
                byte[] response = handler.handle(in.array(), in.position(), client.getAddress(), false);
                if (response != null) {
                    channel.send(ByteBuffer.wrap(response), client);
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
        channel.close();
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
