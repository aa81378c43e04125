package dev.meridian.gtm.dns;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A bound UDP socket with the loop that answers DNS queries on it; {@link UdpServer} runs the loop on its threads. */
interface DnsUdpSocket extends Closeable {
    InetSocketAddress localAddress() throws IOException;

    boolean isOpen();

    /**
     * Receives, answers and sends until the socket is closed. A packet that breaks anything is logged and
     * forgotten; the loop goes on to the next one.
     */
    void serve(QueryHandler handler);
}
