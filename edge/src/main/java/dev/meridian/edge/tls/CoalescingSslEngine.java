package dev.meridian.edge.tls;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link SSLEngine} that seals a gathering write into one TLS record. Netty's OpenSSL engine, in
 * the JDK-compatible mode Undertow's SSL conduit needs (one record per {@code wrap}), stops after the
 * first non-empty source buffer, and the conduit sends each record with its own {@code write}: an
 * HTTP/1.1 response's header and body buffers, or the several frames of an HTTP/2 flush, would leave
 * as a record and a system call each. Copying up to a record's worth of plaintext into one buffer
 * first costs a memory copy of at most 16 KB and saves those. Everything else is the wrapped engine's.
 */
final class CoalescingSslEngine extends SSLEngine {
    /** The most plaintext one TLS record carries (RFC 8446 5.1). */
    static final int MAX_PLAINTEXT = 16 * 1024;
    /**
     * Wraps run on the thread holding the connection's conduit and finish before it returns, so one
     * buffer per thread serves every connection that thread writes.
     */
    private static final ThreadLocal<ByteBuffer> GATHER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_PLAINTEXT));

    private final SSLEngine engine;

    CoalescingSslEngine(SSLEngine engine) {
        super(engine.getPeerHost(), engine.getPeerPort());
        this.engine = engine;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        int first = -1;
        int nonEmpty = 0;
        for (int i = offset; i < offset + length && nonEmpty < 2; i++) {
            if (srcs[i].hasRemaining()) {
                nonEmpty++;
                first = first < 0 ? i : first;
            }
        }
        if (nonEmpty < 2) {
            return first < 0 ? engine.wrap(srcs, offset, length, dst) : engine.wrap(srcs[first], dst);
        }
        ByteBuffer gathered = GATHER.get();
        gathered.clear();
        for (int i = first; i < offset + length && gathered.hasRemaining(); i++) {
            ByteBuffer src = srcs[i];
            int n = Math.min(src.remaining(), gathered.remaining());
            gathered.put(gathered.position(), src, src.position(), n);
            gathered.position(gathered.position() + n);
        }
        gathered.flip();
        SSLEngineResult result = engine.wrap(gathered, dst);
        // Only what the engine sealed counts as consumed from the caller's buffers.
        int consumed = result.bytesConsumed();
        for (int i = first; i < offset + length && consumed > 0; i++) {
            ByteBuffer src = srcs[i];
            int n = Math.min(src.remaining(), consumed);
            src.position(src.position() + n);
            consumed -= n;
        }
        return result;
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return engine.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        return engine.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        engine.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return engine.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return engine.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return engine.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return engine.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        engine.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return engine.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return engine.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        engine.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return engine.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return engine.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return engine.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        engine.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return engine.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        engine.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return engine.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        engine.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return engine.getWantClientAuth();
    }

    /**
     * Netty's engine always establishes new sessions (it cannot be limited to resuming) yet refuses to be
     * told so, and Undertow tells every engine it accepts: asking for what already holds is no error.
     */
    @Override
    public void setEnableSessionCreation(boolean flag) {
        if (!flag) {
            engine.setEnableSessionCreation(false);
        }
    }

    @Override
    public boolean getEnableSessionCreation() {
        return true;
    }

    @Override
    public SSLParameters getSSLParameters() {
        return engine.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        engine.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return engine.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return engine.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return engine.getHandshakeApplicationProtocolSelector();
    }
}
