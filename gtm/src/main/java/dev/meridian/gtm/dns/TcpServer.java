package dev.meridian.gtm.dns;

import dev.meridian.core.concurrent.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import dev.meridian.gtm.observability.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over TCP (RFC 7766): length-prefixed messages, answered in order, as many per connection as the
 * client sends (pipelined). One thread per connection, at most {@code maxConnections}; a connection beyond
 * that is closed at once, and one that sends nothing for the idle timeout (including half a message) is
 * closed.
 */
public final class TcpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);
    private final ThrottledLog badInput = new ThrottledLog(log, 10);

    private final ServerSocket listener;
    private final QueryHandler handler;
    private final int idleTimeoutMillis;
    private final ThreadPoolExecutor connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private TcpServer(ServerSocket listener, QueryHandler handler, int maxConnections, Duration idleTimeout) {
        this.listener = listener;
        this.handler = handler;
        this.idleTimeoutMillis = (int) Math.max(1, idleTimeout.toMillis());
        this.connections = new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.numbered("gtm-tcp-"));
        this.acceptor = new Thread(this::accept, "gtm-tcp-accept");
        this.acceptor.setDaemon(true);
    }

    public static TcpServer start(InetSocketAddress listen, int maxConnections, Duration idleTimeout, QueryHandler handler)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(listen, 256);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen for DNS over TCP on " + listen + ": " + e.getMessage(), e);
        }
        TcpServer server = new TcpServer(listener, handler, maxConnections, idleTimeout);
        server.acceptor.start();
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public boolean isHealthy() {
        return !listener.isClosed() && acceptor.isAlive();
    }

    /** Connections being served right now. */
    public int openConnections() {
        return open.size();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("TCP accept failed; accepting on", e);
                }
                continue;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                log.warn("TCP connection from {} closed: already serving the maximum of {} connections",
                        socket.getRemoteSocketAddress(), connections.getMaximumPoolSize());
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        // The length of a message being read, or -1 between messages: tells a stalled client from an idle one.
        int announced = -1;
        open.add(socket);
        try (socket) {
            socket.setSoTimeout(idleTimeoutMillis);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            byte[] buffer = new byte[65535];
            while (true) {
                int length = in.readUnsignedShort();
                announced = length;
                in.readFully(buffer, 0, length);
                announced = -1;
                byte[] response = handler.handle(buffer, length, socket.getInetAddress(), true);
                if (response == null) {
                    return;
                }
                out.writeShort(response.length);
                out.write(response);
                // Pipelined queries already buffered are answered before the flush; one flush for the batch.
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException e) {
            if (announced >= 0) {
                badInput.warn("TCP client {} announced a {}-byte message and hung up before sending it",
                        socket.getRemoteSocketAddress(), announced);
            }
        } catch (SocketTimeoutException e) {
            if (announced >= 0) {
                badInput.warn("TCP client {} announced a {}-byte message and sent less within {} ms; closed",
                        socket.getRemoteSocketAddress(), announced, idleTimeoutMillis);
            } else {
                log.debug("TCP connection from {} idle for {} ms; closed", socket.getRemoteSocketAddress(), idleTimeoutMillis);
            }
        } catch (SocketException e) {
            log.debug("TCP connection from {} ended: {}", socket.getRemoteSocketAddress(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("TCP connection from {} failed; closed", socket.getRemoteSocketAddress(), e);
        } finally {
            open.remove(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing a refused connection failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(TcpServer::closeQuietly);
        connections.shutdownNow();
        try {
            acceptor.join(2000);
            connections.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
