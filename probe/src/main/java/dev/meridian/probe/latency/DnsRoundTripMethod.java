package dev.meridian.probe.latency;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The cheapest method: one small UDP query to the target's DNS port (a resolver normally answers,
 * even if only with REFUSED). Any reply with our query id counts; the answer's content does not matter.
 */
public final class DnsRoundTripMethod implements MeasurementMethod {
    private final int port;
    private final Duration timeout;
    private final int attempts;

    public DnsRoundTripMethod(int port, Duration timeout, int attempts) {
        this.port = port;
        this.timeout = timeout;
        this.attempts = attempts;
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public Optional<PathSample> measure(String pop, InetAddress target) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            InetSocketAddress to = new InetSocketAddress(target, port);
            return PathSample.ofAttempts(attempts, i -> once(socket, to));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private OptionalDouble once(DatagramSocket socket, InetSocketAddress to) {
        Message query = Message.newQuery(Record.newRecord(Name.root, Type.NS, DClass.IN));
        int id = query.getHeader().getID();
        byte[] wire = query.toWire();
        byte[] buffer = new byte[512];
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            socket.send(new DatagramPacket(wire, wire.length, to));
            while (System.nanoTime() < deadline) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                socket.receive(reply);
                // A late reply to an earlier attempt must not count as this one's round trip.
                if (reply.getLength() >= 2 && ((buffer[0] & 0xff) << 8 | (buffer[1] & 0xff)) == id) {
                    return OptionalDouble.of((System.nanoTime() - start) / 1e6);
                }
            }
        } catch (SocketTimeoutException e) {
            return OptionalDouble.empty();
        } catch (IOException e) {
            // ICMP port unreachable surfaces as PortUnreachableException on some stacks: no DNS reply.
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }
}
