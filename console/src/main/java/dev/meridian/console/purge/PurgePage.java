package dev.meridian.console.purge;

import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import dev.meridian.uplink.purge.PurgeKind;
import dev.meridian.uplink.purge.PurgeScope;
import dev.meridian.uplink.purge.PurgeSpec;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.util.Headers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's Cache Control page, {@code /purge}: the form (a URL to invalidate, or a prefix, a host, a
 * tag; soft or hard) and the viewer's recent purges with each POP's acknowledgement and latency. A posted
 * purge waits for the POPs as the API does, then redirects to {@code /purge?seq=N} (reloading the page
 * does not purge again). Needs the session layer in front: the {@link Viewer}, CSRF, parsed form data.
 */
final class PurgePage {
    private static final Logger log = LoggerFactory.getLogger(PurgePage.class);
    static final int RECENT = 20;

    private final GlobalPurge purges;
    private final PurgeStore store;

    PurgePage(GlobalPurge purges, PurgeStore store) {
        this.purges = purges;
        this.store = store;
    }

    HttpHandler show() {
        return ex -> {
            Viewer viewer = viewer(ex);
            if (viewer == null) {
                return;
            }
            ex.dispatch(() -> {
                Long seq = Optional.ofNullable(ex.getQueryParameters().get("seq")).map(q -> q.getFirst())
                        .filter(s -> s.matches("[0-9]{1,18}")).map(Long::valueOf).orElse(null);
                String customer = Caller.ofViewer(viewer).customer();
                PurgeRecord shown = seq == null ? null : store.find(seq, customer).orElse(null);
                render(ex, viewer, shown, null);
            });
        };
    }

    HttpHandler submit() {
        return ex -> {
            Viewer viewer = viewer(ex);
            if (viewer == null) {
                return;
            }
            FormData form = ex.getAttachment(FormDataParser.FORM_DATA);
            if (form == null || !viewer.csrfToken().equals(value(form, "csrf"))) {
                ex.setStatusCode(403).getResponseSender().send("the form's CSRF token is missing or stale; reload the page\n");
                return;
            }
            ex.dispatch(() -> {
                GlobalPurge.Started started;
                try {
                    PurgeKind kind = PurgeKind.ofField(Optional.ofNullable(value(form, "kind")).orElse("url"));
                    started = purges.start(Caller.ofViewer(viewer),
                            PurgeSpec.of(kind, value(form, "target"), "true".equals(value(form, "soft"))));
                } catch (IllegalArgumentException e) {
                    render(ex, viewer, null, "choose URL, prefix, host or tag");
                    return;
                } catch (PurgeSpec.Malformed | PurgeScope.Refused e) {
                    render(ex, viewer, null, e.getMessage());
                    return;
                } catch (GlobalPurge.RateLimited e) {
                    ex.setStatusCode(429);
                    ex.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
                    render(ex, viewer, null, "Too many purges: try again in a moment.");
                    return;
                } catch (RuntimeException e) {
                    log.error("purge by {} failed", viewer.user(), e);
                    ex.setStatusCode(503);
                    render(ex, viewer, null, "The purge could not be recorded; nothing was sent.");
                    return;
                }
                started.settled(purges.ackWait()).whenComplete((state, failure) -> {
                    ex.setStatusCode(303);
                    ex.getResponseHeaders().put(Headers.LOCATION, "/purge?seq=" + started.record().seq());
                    ex.endExchange();
                });
            });
        };
    }

    private void render(HttpServerExchange ex, Viewer viewer, PurgeRecord shown, String error) {
        String customer = Caller.ofViewer(viewer).customer();
        List<PurgeRecord> recent = store.recent(customer, RECENT);
        Map<String, Object> params = new HashMap<>();
        params.put("viewer", viewer);
        params.put("recent", recent);
        params.put("shown", shown);
        params.put("error", error);
        Pages.render(ex, "purge.jte", params);
    }

    private static Viewer viewer(HttpServerExchange ex) {
        Viewer viewer = ex.getAttachment(Viewer.KEY);
        if (viewer == null) {
            ex.setStatusCode(303);
            ex.getResponseHeaders().put(Headers.LOCATION, "/login");
        }
        return viewer;
    }

    private static String value(FormData form, String name) {
        FormData.FormValue v = form.getFirst(name);
        return v == null || v.isFileItem() ? null : v.getValue();
    }
}
