package dev.meridian.edge.origin;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * A plain socket to an origin whose reads are tallied ({@link ConnectionReads}). Beneath TLS, its
 * bytes are encrypted records: the {@link OriginTlsSocket} layered over it keeps the tally that counts.
 */
final class OriginSocket extends Socket implements CountedSocket {
    private final ConnectionReads reads = new ConnectionReads();
    private InputStream counted;

    private OriginSocket() {
    }

    /** Makes the sockets OkHttp connects with (and layers TLS over, for https origins). */
    static SocketFactory factory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new OriginSocket();
            }

            @Override
            public Socket createSocket(String host, int port) {
                throw onlyUnconnected();
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
                throw onlyUnconnected();
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
                throw onlyUnconnected();
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
                throw onlyUnconnected();
            }
        };
    }

    private static UnsupportedOperationException onlyUnconnected() {
        return new UnsupportedOperationException("OkHttp connects the sockets it gets from createSocket()");
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (counted == null) {
            counted = reads.watch(super.getInputStream());
        }
        return counted;
    }

    @Override
    public ConnectionReads reads() {
        return reads;
    }
}
