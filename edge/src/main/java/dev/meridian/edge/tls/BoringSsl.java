package dev.meridian.edge.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS by BoringSSL (netty-tcnative, statically linked: no system OpenSSL needed) behind the
 * {@link SSLContext} Undertow's HTTPS listener takes. Its engines are Netty's {@link SSLEngine}
 * implementation: the same key manager picks the certificate per handshake by SNI, ALPN offers h2
 * then HTTP/1.1. Several times cheaper per record than JSSE's AES-GCM and ECDHE.
 */
final class BoringSsl {
    /**
     * TLS 1.2's suites: forward-secret AEAD only, so every one is allowed under HTTP/2 (RFC 9113 9.2.2),
     * including the one Undertow's ALPN check looks for (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256). TLS 1.3's
     * are BoringSSL's fixed three, named so the list is complete; the client's order picks among them.
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private BoringSsl() {
    }

    /** Why the native library cannot be used here (no build for this platform, a failed load), or empty when it can. */
    static Optional<Throwable> unavailable() {
        try {
            return OpenSsl.isAvailable() ? Optional.empty() : Optional.of(OpenSsl.unavailabilityCause());
        } catch (LinkageError e) {
            return Optional.of(e);
        }
    }

    /** BoringSSL's version, as the library reports it. */
    static String version() {
        return OpenSsl.versionString();
    }

    /**
     * A server context on BoringSSL whose certificates come from {@code keyManager} at every handshake.
     *
     * @throws SSLException when the native library refuses the configuration
     */
    static SSLContext context(X509ExtendedKeyManager keyManager, String[] protocols) throws SSLException {
        SslContext netty = SslContextBuilder.forServer(keyManager)
                .sslProvider(SslProvider.OPENSSL)
                .protocols(protocols)
                .ciphers(CIPHER_SUITES)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        return new EngineContext(netty);
    }

    /** Hands Undertow Netty's engines through the JDK's {@link SSLContext} type. */
    private static final class EngineContext extends SSLContext {
        EngineContext(SslContext netty) {
            super(new Spi(netty), new Provider("BoringSSL", "1", "BoringSSL by netty-tcnative") {
                private static final long serialVersionUID = 1L;
            }, "TLS");
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SslContext netty;

        Spi(SslContext netty) {
            this.netty = netty;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("initialised at construction");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new CoalescingSslEngine(netty.newEngine(ByteBufAllocator.DEFAULT));
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new CoalescingSslEngine(netty.newEngine(ByteBufAllocator.DEFAULT, host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return netty.sessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw new UnsupportedOperationException("a server context");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw new UnsupportedOperationException("engines only");
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("engines only");
        }
    }
}
