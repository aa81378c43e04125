package dev.meridian.edge.origin;

import dev.meridian.core.config.OriginTlsConfig;
import dev.meridian.core.tls.PemKeyPair;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate authorities one https origin is verified against ({@link OriginTlsConfig}): its
 * own CA bundle, with the JDK's trust anchors unless it says {@code caOnly}. Only the anchors
 * change: chains, validity and the host name are checked as for any origin. A bundle that cannot be
 * read when the origin's client is built (it was valid at load, then removed) trusts nothing, so the
 * origin fails closed with a 502 rather than falling back to a trust it did not ask for.
 *
 * @param context  for sockets to this origin
 * @param trust    the trust manager behind it (OkHttp wants both)
 */
record OriginTrust(SSLContext context, X509TrustManager trust) {
    private static final Logger log = LoggerFactory.getLogger(OriginTrust.class);

    static OriginTrust of(String host, OriginTlsConfig tls) {
        List<X509Certificate> anchors = new ArrayList<>();
        try {
            anchors.addAll(tls.certificates());
        } catch (PemKeyPair.PemException e) {
            log.error("origin {}: CA bundle unreadable ({}); its https requests fail until it is fixed", host, e.getMessage());
            anchors.clear();
        }
        try {
            if (!tls.caOnly() && !anchors.isEmpty()) {
                anchors.addAll(List.of(jdkTrust().getAcceptedIssuers()));
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager trust = x509(factory.getTrustManagers());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return new OriginTrust(context, trust);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust of origin " + host, e);
        }
    }

    /**
     * The JDK's trust anchors, for an https origin that names no CA of its own (as OkHttp's default);
     * read once, as the JDK's default socket factory does.
     */
    static OriginTrust jdk() {
        return JdkTrust.TRUST;
    }

    /** Holds the JDK's trust, read when first asked for. */
    private static final class JdkTrust {
        static final OriginTrust TRUST = read();

        private JdkTrust() {
        }
    }

    private static OriginTrust read() {
        try {
            X509TrustManager trust = jdkTrust();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return new OriginTrust(context, trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's trust anchors", e);
        }
    }

    private static X509TrustManager jdkTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory.getTrustManagers());
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager among " + List.of(managers));
    }
}
