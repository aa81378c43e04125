package dev.meridian.console.pagecheck;

import dev.meridian.console.web.ErrorPage;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigHolder;
import dev.meridian.core.config.MeridianConfig;
import dev.meridian.core.config.PopConfig;
import dev.meridian.uplink.wire.PageCheckReport;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /pagecheck}: the form (a URL of the customer's, the POPs to load it from, load twice), and on
 * post the check's result, one table per POP. Runs behind the session layer, on its worker thread.
 */
public final class PageCheckPage implements HttpHandler {
    private final ConfigHolder holder;
    private final PageChecks checks;

    public PageCheckPage(ConfigHolder holder, PageChecks checks) {
        this.holder = holder;
        this.checks = checks;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws InterruptedException {
        Viewer viewer = exchange.getAttachment(Viewer.KEY);
        MeridianConfig config = holder.get();
        Map<String, Object> params = new HashMap<>();
        params.put("viewer", viewer);
        params.put("pops", config.pops().stream().map(PopConfig::id).toList());
        params.put("url", "");
        params.put("chosen", List.of());
        params.put("twice", false);
        params.put("reports", List.of());
        if (viewer.customer() == null) {
            ErrorPage.send(exchange, 400, "Page check", "Choose a customer first (Customers): a page check loads one"
                    + " customer's own pages.");
            return;
        }
        if (exchange.getRequestMethod().equals(Methods.POST)) {
            FormData form = exchange.getAttachment(FormDataParser.FORM_DATA);
            String url = value(form, "url");
            List<String> pops = new ArrayList<>();
            if (form.get("pop") != null) {
                form.get("pop").stream().filter(v -> !v.isFileItem()).forEach(v -> pops.add(v.getValue()));
            }
            boolean twice = form.getFirst("twice") != null;
            params.put("url", url);
            params.put("chosen", pops);
            params.put("twice", twice);
            PageCheckRequest request = new PageCheckRequest(url, pops, twice, null);
            Optional<String> refused = PageChecks.refusal(config, viewer.customer(), request);
            if (refused.isPresent()) {
                exchange.setStatusCode(400);
                params.put("error", refused.get());
            } else {
                Optional<List<PageCheckReport>> reports = checks.runIfIdle(config, viewer.customer(), request);
                if (reports.isEmpty()) {
                    exchange.setStatusCode(429);
                    params.put("error", "A page check of yours is running; try again when it ends.");
                } else {
                    params.put("reports", reports.get());
                }
            }
        }
        params.putIfAbsent("error", null);
        Pages.render(exchange, "pagecheck.jte", params);
    }

    private static String value(FormData form, String name) {
        FormData.FormValue v = form.getFirst(name);
        return v == null || v.isFileItem() ? "" : v.getValue().strip();
    }
}
