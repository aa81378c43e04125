package dev.meridian.edge.origin;

/**
 * A socket OkHttp carries HTTP over to an origin, whose reads are tallied as HTTP sees them: the
 * plain {@link OriginSocket} of an http origin, the {@link OriginTlsSocket} of an https one. Every
 * connection {@link OriginClient} makes is one, so {@link ConnectionReuse} treats both alike.
 */
sealed interface CountedSocket permits OriginSocket, OriginTlsSocket {
    ConnectionReads reads();
}
