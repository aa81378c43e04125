package dev.meridian.edge.tls;

import dev.meridian.core.tls.PemKeyPair;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A JDK client engine and an edge's server engine talking through buffers, no sockets: for what a
 * handshake chose (certificate, ALPN, suite) and for the records a wrap produced.
 */
final class InMemoryTls {
    final SSLEngine client;
    final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);

    private InMemoryTls(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    /** A POP's certificates: {@code fallback} as its default, {@code acme} for acme.cdn.test. */
    static CertificateSet certificates(TestCa.Issued acme, TestCa.Issued fallback) throws Exception {
        return new CertificateSet(Map.of(CertificateSet.DEFAULT_ALIAS, PemKeyPair.read(fallback.certificate(), fallback.key()),
                TlsEdge.HOST, PemKeyPair.read(acme.certificate(), acme.key())));
    }

    /** Connects a client offering SNI {@code host} and ALPN h2 and HTTP/1.1 to a server engine of {@code edge}. */
    static InMemoryTls connect(SSLContext edge, String host, String... clientProtocols) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", PemKeyPair.readCertificates(TlsEdge.Certificates.get().ca.caCertificate()).get(0));
        trust.init(store);
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(null, trust.getTrustManagers(), null);
        SSLEngine client = jdk.createSSLEngine(host, 443);
        client.setUseClientMode(true);
        SSLParameters params = client.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(host)));
        params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        if (clientProtocols.length > 0) {
            params.setProtocols(clientProtocols);
        }
        client.setSSLParameters(params);
        SSLEngine server = edge.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledProtocols(EdgeTls.PROTOCOLS);
        // As Undertow's ALPN provider does for every engine it accepts.
        SSLParameters serverParams = server.getSSLParameters();
        serverParams.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        server.setSSLParameters(serverParams);
        InMemoryTls tls = new InMemoryTls(client, server);
        tls.handshake();
        return tls;
    }

    private void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        ByteBuffer sink = ByteBuffer.allocate(1 << 17);
        for (int i = 0; i < 100 && !(done(client) && done(server) && toServer.position() == 0 && toClient.position() == 0); i++) {
            step(client, toClient, toServer, sink);
            step(server, toServer, toClient, sink);
        }
        if (!(done(client) && done(server) && toClient.position() == 0)) {
            throw new SSLException("no handshake: client " + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
        }
    }

    private static boolean done(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || status == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /** One round for {@code engine}: read what the peer sent, run tasks, send what it has. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer sink) throws SSLException {
        in.flip();
        // Even with nothing to read: Netty's engine notices a handshake the last record finished only on the next call.
        SSLEngineResult r;
        do {
            r = engine.unwrap(in, sink);
            runTasks(engine);
        } while (in.hasRemaining() && r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() > 0);
        in.compact();
        while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            r = engine.wrap(ByteBuffer.allocate(0), out);
            runTasks(engine);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                break;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    X509Certificate serverCertificate() throws SSLException {
        return (X509Certificate) client.getSession().getPeerCertificates()[0];
    }

    /** What one server wrap of {@code srcs} put on the wire, as the TLS records' lengths. */
    List<Integer> serverWrap(ByteBuffer dst, ByteBuffer... srcs) throws SSLException {
        int start = dst.position();
        server.wrap(srcs, dst);
        List<Integer> records = new ArrayList<>();
        for (int at = start; at < dst.position(); ) {
            int length = ((dst.get(at + 3) & 0xff) << 8) | (dst.get(at + 4) & 0xff);
            records.add(length);
            at += 5 + length;
        }
        return records;
    }

    /** The plaintext the client reads from {@code wire}. */
    byte[] clientRead(ByteBuffer wire) throws SSLException {
        ByteBuffer plain = ByteBuffer.allocate(1 << 17);
        wire.flip();
        while (wire.hasRemaining()) {
            SSLEngineResult r = client.unwrap(wire, plain);
            if (r.bytesConsumed() == 0) {
                break;
            }
        }
        plain.flip();
        byte[] bytes = new byte[plain.remaining()];
        plain.get(bytes);
        return bytes;
    }
}
