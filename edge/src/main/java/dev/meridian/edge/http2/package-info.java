/**
 * What the edge adds to Undertow's HTTP/2 server: a bound on the frames a client may send that cost
 * the edge work but carry nothing a request needs (SETTINGS and PING floods, floods of empty frames),
 * which Undertow does not bound itself. {@link dev.meridian.edge.http2.Http2FloodGuard} watches each
 * HTTP/2 connection's decrypted bytes ({@link dev.meridian.edge.http2.FrameHeaders}) and closes a
 * connection that overspends its {@link dev.meridian.edge.http2.FrameBudget}.
 */
package dev.meridian.edge.http2;
