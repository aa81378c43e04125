package dev.meridian.edge.http2;

import io.undertow.Undertow;
import io.undertow.Version;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import java.lang.reflect.Field;
import java.time.Duration;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Bounds, on each HTTP/2 connection of an HTTPS listener, the frames a client sends that cost the edge
 * work but carry nothing a request needs ({@link FloodWatch#costly}): more than {@link
 * #MAX_COSTLY_FRAMES} within {@link #WINDOW} and the connection is closed, as Undertow does for stream
 * resets (EdgeServer's {@code HTTP2_MAX_RESETS}). Undertow bounds none of these: a SETTINGS or PING
 * flood from a client that never reads the acknowledgements only stalls its connection (Undertow stops
 * reading it once 50 frames are queued), which then holds its socket and buffers for as long as the
 * client likes.
 *
 * <p>It takes the place of the listener's HTTP/2 protocol handler in Undertow's ALPN listener, and
 * watches the decrypted bytes ({@link FloodWatch}) before handing the connection to an
 * {@link Http2OpenListener} of its own. Undertow keeps that ALPN listener private to its
 * {@code ListenerInfo}: reaching it is the one reflective access, and fails the edge's start (and its
 * tests, {@code Http2FloodTest}) if an Undertow upgrade moves it.
 */
public final class Http2FloodGuard implements DelegateOpenListener {
    /**
     * Browsers send a few SETTINGS a connection and PING now and then; gRPC's keepalive and window
     * probes stay within a few a second. Two hundred within the reset bound's window is far beyond either.
     */
    static final int MAX_COSTLY_FRAMES = 200;
    static final Duration WINDOW = Duration.ofSeconds(30);

    private final Http2OpenListener http2;

    private Http2FloodGuard(Http2OpenListener http2) {
        this.http2 = http2;
    }

    /**
     * Guards the HTTP/2 connections of {@code server}'s HTTPS listeners (started, with HTTP/2 by ALPN),
     * whose requests go to {@code root}.
     *
     * @throws IllegalStateException when Undertow's listener is not what this was written against
     */
    @SuppressWarnings("deprecation") // h2-14: Undertow still offers it, so it is guarded too
    public static void install(Undertow server, HttpHandler root) {
        for (Undertow.ListenerInfo listener : server.getListenerInfo()) {
            if (!listener.getProtcol().equals("https")) {
                continue;
            }
            // Nothing is accepted while the protocol handlers change, and accepting again happens after
            // the change on the I/O threads (they see it).
            listener.suspend();
            try {
                AlpnOpenListener alpn = alpnOf(listener);
                Http2OpenListener http2 = new Http2OpenListener(alpn.getBufferPool(), alpn.getUndertowOptions());
                http2.setRootHandler(root);
                Http2FloodGuard guard = new Http2FloodGuard(http2);
                // Undertow's own weights, so the protocols are offered in the same order.
                alpn.addProtocol(Http2OpenListener.HTTP2, guard, 10);
                alpn.addProtocol(Http2OpenListener.HTTP2_14, guard, 7);
            } finally {
                listener.resume();
            }
        }
    }

    private static AlpnOpenListener alpnOf(Undertow.ListenerInfo listener) {
        Object open;
        try {
            Field field = Undertow.ListenerInfo.class.getDeclaredField("openListener");
            field.setAccessible(true);
            open = field.get(listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Undertow " + Version.getVersionString()
                    + " keeps its HTTPS listener elsewhere: HTTP/2 floods cannot be bounded", e);
        }
        if (open instanceof AlpnOpenListener alpn) {
            return alpn;
        }
        throw new IllegalStateException("the HTTPS listener has no ALPN (" + open + "): is HTTP/2 enabled?");
    }

    @Override
    public void handleEvent(StreamConnection connection, PooledByteBuffer readDuringHandshake) {
        FloodWatch watch = new FloodWatch(connection.getSourceChannel().getConduit(),
                new FrameBudget(MAX_COSTLY_FRAMES, WINDOW.toNanos()));
        if (readDuringHandshake != null && !watch.within(readDuringHandshake.getBuffer())) {
            readDuringHandshake.close();
            IoUtils.safeClose(connection);
            return;
        }
        connection.getSourceChannel().setConduit(watch);
        http2.handleEvent(connection, readDuringHandshake);
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        handleEvent(connection, null);
    }

    @Override
    public HttpHandler getRootHandler() {
        return http2.getRootHandler();
    }

    @Override
    public void setRootHandler(HttpHandler rootHandler) {
        http2.setRootHandler(rootHandler);
    }

    @Override
    public OptionMap getUndertowOptions() {
        return http2.getUndertowOptions();
    }

    @Override
    public void setUndertowOptions(OptionMap undertowOptions) {
        http2.setUndertowOptions(undertowOptions);
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return http2.getBufferPool();
    }

    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return http2.getConnectorStatistics();
    }

    @Override
    public void closeConnections() {
        http2.closeConnections();
    }
}
