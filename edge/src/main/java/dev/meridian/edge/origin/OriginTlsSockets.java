package dev.meridian.edge.origin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes the TLS sockets OkHttp talks to an https origin over ({@link OriginTlsSocket}): the given
 * factory's (its trust is the origin's), each with its decrypted reads tallied. Every https origin's
 * client is given one ({@link OriginClient}), so {@link ConnectionReuse} meets no other TLS socket.
 * OkHttp layers TLS over a connected {@link OriginSocket}; the other ways of making a socket are there
 * for completeness.
 */
final class OriginTlsSockets extends SSLSocketFactory {
    private final SSLSocketFactory tls;

    OriginTlsSockets(SSLSocketFactory tls) {
        this.tls = tls;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return counted(tls.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return counted(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return counted(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return counted(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return counted(tls.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    private static Socket counted(Socket socket) {
        return new OriginTlsSocket((SSLSocket) socket);
    }
}
