package dev.meridian.edge.purge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.core.auth.BearerTokens;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.edge.route.Rejection;
import dev.meridian.uplink.control.ConsoleCaller;
import dev.meridian.uplink.purge.PurgeProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /purge} on the POP's admin listener: JSON in ({@link PurgeRequest}), JSON out
 * ({@code {"purged": 3, "derived": 0, "durationMs": 0.41, ...}}). 401 without a known bearer token,
 * 403 for another customer's content, 400 with the reason for a malformed request, 404 for a host
 * no property serves. The purge itself runs on a worker thread (the disk tier blocks). Tokens are
 * never logged.
 */
public final class PurgeHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(PurgeHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY = 64 * 1024;

    private final ConfigHolder config;
    private final PurgeApplier applier;
    private final String popId;
    /** The console's numbered purges; null when the POP takes none (no console). */
    private final PurgeSequencer sequencer;

    public PurgeHandler(ConfigHolder config, Purger purger, String popId, Optional<PurgeSequencer> sequencer) {
        this.config = config;
        this.applier = new PurgeApplier(purger, popId);
        this.popId = popId;
        this.sequencer = sequencer.orElse(null);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        if (!ex.getRequestMethod().equals(Methods.POST)) {
            ex.getResponseHeaders().put(Headers.ALLOW, "POST");
            error(ex, 405, "use POST with a JSON body");
            return;
        }
        Optional<String> token = BearerTokens.fromHeader(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token.isEmpty()) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            error(ex, 401, "an Authorization: Bearer token is required");
            return;
        }
        MeridianConfig current = config.get();
        long seq = -1;
        Optional<PurgeAuthorizer.Principal> who;
        if (sequencer != null && ConsoleCaller.isConsole(current, popId, token.get())) {
            String number = ex.getRequestHeaders().getFirst(PurgeProtocol.SEQUENCE_HEADER);
            if (number == null || !number.matches("[0-9]{1,18}")) {
                error(ex, 400, "a console purge carries its number in " + PurgeProtocol.SEQUENCE_HEADER);
                return;
            }
            seq = Long.parseLong(number);
            String customer = ex.getRequestHeaders().getFirst(PurgeProtocol.CUSTOMER_HEADER);
            if (customer != null && current.customers().stream().noneMatch(c -> c.id().equals(customer))) {
                error(ex, 400, "no customer '" + customer + "' in this POP's config");
                return;
            }
            who = Optional.of(customer == null ? PurgeAuthorizer.Principal.OPERATOR : PurgeAuthorizer.Principal.customer(customer));
        } else {
            who = PurgeAuthorizer.identify(current, token.get());
        }
        if (who.isEmpty()) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            error(ex, 401, "unknown token");
            return;
        }
        if (ex.getRequestContentLength() > MAX_BODY) {
            error(ex, 413, "purge requests are at most " + MAX_BODY + " bytes");
            return;
        }
        long number = seq;
        Optional<PurgeAuthorizer.Principal> principal = who;
        ex.getRequestReceiver().receiveFullBytes(
                (e, body) -> e.dispatch(() -> purge(e, current, principal.get(), number, body)),
                (e, failure) -> error(e, 400, "could not read the request body"));
    }

    /** @param seq the console's number for the purge, or -1 for a direct call */
    private void purge(HttpServerExchange ex, MeridianConfig current, PurgeAuthorizer.Principal who, long seq, byte[] body) {
        if (body.length > MAX_BODY) {
            error(ex, 413, "purge requests are at most " + MAX_BODY + " bytes");
            return;
        }
        try {
            PurgeRequest request = PurgeRequest.parse(body);
            PurgeApplier.Applied applied = seq >= 0 ? sequencer.pushed(seq, who, request) : applier.apply(current, who, request);
            ObjectNode out = JSON.createObjectNode();
            out.put("pop", popId);
            if (seq >= 0) {
                out.put("seq", seq);
            }
            out.put(request.kind().name().toLowerCase(Locale.ROOT), request.target());
            out.put("soft", request.soft());
            if (applied == null) {
                send(ex, 200, out.put("alreadyApplied", true));
                return;
            }
            PurgeTargets.Resolved targets = applied.targets();
            Purger.Result result = applied.result();
            double millis = result.nanos() / 1e6;
            out.putArray("keys").addAll(targets.ranges().stream().map(r -> JSON.getNodeFactory().textNode(r.from())).toList());
            out.put("purged", result.purged());
            out.put("derived", result.derived());
            out.put("durationMs", Math.round(millis * 1000) / 1000.0);
            send(ex, 200, out);
        } catch (PurgeRequest.Malformed e) {
            error(ex, 400, e.getMessage());
        } catch (Rejection r) {
            error(ex, r.status(), r.getMessage());
        } catch (RuntimeException e) {
            log.error("purge on {} failed", popId, e);
            error(ex, 500, "purge failed: " + e);
        }
    }

    private static void error(HttpServerExchange ex, int status, String reason) {
        send(ex, status, JSON.createObjectNode().put("error", reason));
    }

    private static void send(HttpServerExchange ex, int status, ObjectNode body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(body.toString() + "\n", StandardCharsets.UTF_8);
    }
}
