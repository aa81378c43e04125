package dev.meridian.edge.tls;

import dev.meridian.core.tls.PemKeyPair;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves the certificate a client's SNI host name asks for, the default when it names none the POP
 * has (or sends none), or nothing, failing the handshake, when there is no default. Reads the current
 * {@link CertificateSet} on every handshake, so a reload swaps certificates for new connections while
 * open ones keep theirs.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final Supplier<CertificateSet> certificates;

    SniKeyManager(Supplier<CertificateSet> certificates) {
        this.certificates = certificates;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    /**
     * The JDK asks once per key type its signature schemes allow ("RSA", "EC", "RSASSA-PSS"): answer
     * only for the type the chosen key has, so an EC certificate is never offered for an RSA scheme.
     */
    private String choose(String keyType, SSLSession handshake) {
        CertificateSet set = certificates.get();
        String alias = set.aliasFor(serverName(handshake)).orElse(null);
        if (alias == null) {
            return null;
        }
        PemKeyPair pair = set.get(alias);
        return pair != null && pair.key().getAlgorithm().equals(keyType) ? alias : null;
    }

    private static String serverName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                    return ((SNIHostName) name).getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        PemKeyPair pair = certificates.get().get(alias);
        return pair == null ? null : pair.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        PemKeyPair pair = certificates.get().get(alias);
        return pair == null ? null : pair.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
