package dev.meridian.edge.origin;

import dev.meridian.edge.http.HeaderField;
import java.util.List;

/**
 * Told of each informational (1xx) response an origin sends before its final one, such as
 * {@code 103 Early Hints}. OkHttp reads and drops them without a word (it has no hook for them), so
 * they are read off the connection as it passes ({@link InterimHeads}), above TLS for https origins
 * ({@link OriginTlsSocket}); given to a call as its request's tag. HTTP/1.1 origins only: OkHttp
 * drops an HTTP/2 origin's interim HEADERS frames where they cannot be watched.
 * {@code 100 Continue} and {@code 101} are not reported: the edge asks for neither.
 */
@FunctionalInterface
public interface InterimResponses {
    /** Called on the thread running the call, before the final response is returned. */
    void received(int status, List<HeaderField> fields);
}
