package dev.meridian.core.config;

/**
 * A POP edge's listeners: public HTTP, optionally HTTPS next to it, and the admin listener (purge,
 * metrics, health). HTTP stays required: the GTM answers with its address and probes it for health.
 *
 * @param https where clients connect with TLS (1.2 or 1.3; HTTP/2 by ALPN); absent means no TLS
 * @param tls   the certificate served when a client's SNI names no property with its own
 *              certificate, or sends no SNI; without it such handshakes fail
 */
public record PopEdgeConfig(HostPort http, HostPort admin, HostPort https, TlsCertificateConfig tls) implements Validatable {
    @Override
    public void validate(ConfigPath at, ConfigErrors errors) {
        errors.required(at.field("http"), http);
        errors.required(at.field("admin"), admin);
        errors.nested(at.field("tls"), tls);
        if (tls != null && https == null) {
            errors.add(at.field("tls"), "needs an https listener to serve it");
        }
    }
}
