package dev.meridian.gtm;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Builds queries and sends them over real sockets, with short timeouts so a dead server fails a test fast. */
public final class DnsTestClient {
    private DnsTestClient() {
    }

    public static Message query(String name, int type) {
        try {
            return Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A query carrying EDNS0 with a payload size and, when {@code subnet} is given ("10.1.2.0/24"), ECS. */
    public static Message query(String name, int type, int payload, String subnet) {
        Message q = query(name, type);
        if (subnet == null) {
            q.addRecord(new OPTRecord(payload, 0, 0), Section.ADDITIONAL);
        } else {
            String[] parts = subnet.split("/");
            try {
                q.addRecord(new OPTRecord(payload, 0, 0, 0, new ClientSubnetOption(Integer.parseInt(parts[1]),
                        InetAddress.getByName(parts[0]))), Section.ADDITIONAL);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return q;
    }

    public static byte[] udpRaw(InetSocketAddress server, byte[] packet) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            socket.send(new DatagramPacket(packet, packet.length, server));
            byte[] buf = new byte[65535];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            socket.receive(in);
            return Arrays.copyOf(buf, in.getLength());
        }
    }

    public static Message udp(InetSocketAddress server, Message query) throws IOException {
        return new Message(udpRaw(server, query.toWire()));
    }

    /** The first A record's address in the answer to {@code name} for a client in {@code subnet} (ECS, over UDP), or null. */
    public static String firstA(InetSocketAddress server, String name, String subnet) throws IOException {
        return udp(server, query(name, Type.A, 1232, subnet)).getSection(Section.ANSWER).stream()
                .filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress()).findFirst().orElse(null);
    }

    public static Message tcp(InetSocketAddress server, Message query) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 3000);
            socket.setSoTimeout(3000);
            byte[] wire = query.toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            return readTcp(new DataInputStream(socket.getInputStream()));
        }
    }

    public static Message readTcp(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] response = new byte[length];
        in.readFully(response);
        return new Message(response);
    }
}
