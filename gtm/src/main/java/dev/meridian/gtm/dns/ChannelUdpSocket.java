package dev.meridian.gtm.dns;

import dev.meridian.gtm.observability.ThrottledLog;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * DNS over the JDK's DatagramChannel, one packet per receive and per send: the portable path. Several threads
 * may serve one socket.
 */
final class ChannelUdpSocket implements DnsUdpSocket {
    private static final int MAX_DATAGRAM = 65535;

    private final DatagramChannel channel;
    private final ThrottledLog log;

    private ChannelUdpSocket(DatagramChannel channel, ThrottledLog log) {
        this.channel = channel;
        this.log = log;
    }

    /** Whether this platform lets several channels share one address (SO_REUSEPORT). */
    static boolean canReusePort() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    static ChannelUdpSocket open(InetSocketAddress at, boolean reusePort, int receiveBuffer, ThrottledLog log) throws IOException {
        // An IPv4 socket for an IPv4 address: a dual-stack one costs the kernel a detour through IPv6 per packet.
        DatagramChannel channel = at.getAddress() instanceof Inet4Address
                ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            if (reusePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(at);
            return new ChannelUdpSocket(channel, log);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void serve(QueryHandler handler) {
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
        channel.close();
    }
}
