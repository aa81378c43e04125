package dev.meridian.console.push;

import dev.meridian.console.web.ErrorPage;
import dev.meridian.console.web.Pages;
import dev.meridian.console.web.Viewer;
import dev.meridian.core.config.ConfigException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.util.Headers;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's config pages: {@code GET /operator/config} (every version, newest first, and a form to
 * push a new one), {@code POST /operator/config} (push it: on to the version's page, or back to the form
 * with the file's errors), {@code GET /operator/config/<n>} (who, when, how it ended, the diff and every
 * node's answers). Operator pages: behind {@code security.operatorPage}.
 */
public final class ConfigPages {
    private final ConfigPush push;
    private final ConfigVersions versions;

    public ConfigPages(ConfigPush push, ConfigVersions versions) {
        this.push = push;
        this.versions = versions;
    }

    public HttpHandler list() {
        return exchange -> form(exchange, null, null);
    }

    public HttpHandler upload() {
        return exchange -> {
            FormData form = exchange.getAttachment(FormDataParser.FORM_DATA);
            FormData.FormValue value = form.getFirst("yaml");
            String yaml = value == null || value.isFileItem() ? "" : value.getValue();
            Viewer viewer = exchange.getAttachment(Viewer.KEY);
            try {
                ConfigPush.Result result = push.push(yaml, viewer.user());
                exchange.setStatusCode(303);
                exchange.getResponseHeaders().put(Headers.LOCATION, "/operator/config/" + result.version());
                exchange.endExchange();
            } catch (ConfigException e) {
                exchange.setStatusCode(422);
                form(exchange, yaml, e.getMessage());
            } catch (ConfigVersions.PushInProgress e) {
                exchange.setStatusCode(409);
                form(exchange, yaml, e.getMessage());
            }
        };
    }

    public HttpHandler version() {
        return exchange -> {
            long n;
            try {
                n = Long.parseLong(exchange.getQueryParameters().get("version").getFirst());
            } catch (NumberFormatException e) {
                n = -1;
            }
            Optional<ConfigVersions.Version> version = n < 0 ? Optional.empty() : versions.get(n);
            if (version.isEmpty()) {
                ErrorPage.send(exchange, 404, "No such version", "There is no config version " + n + ".");
                return;
            }
            Pages.render(exchange, "operator/config-version.jte", Map.of("viewer", exchange.getAttachment(Viewer.KEY),
                    "version", version.get(), "votes", versions.votes(n)));
        };
    }

    private void form(HttpServerExchange exchange, String yaml, String error) throws SQLException {
        Map<String, Object> params = new HashMap<>();
        params.put("viewer", exchange.getAttachment(Viewer.KEY));
        params.put("versions", versions.recent(50));
        params.put("committed", versions.committedVersion());
        params.put("yaml", yaml != null ? yaml : versions.committed().map(ConfigVersions.Version::yaml).orElse(""));
        params.put("error", error);
        Pages.render(exchange, "operator/config.jte", params);
    }
}
