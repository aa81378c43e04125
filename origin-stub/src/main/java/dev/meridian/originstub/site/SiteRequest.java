package dev.meridian.originstub.site;

import java.util.Map;
import java.util.function.UnaryOperator;

/** The parts of a request the sample site looks at, independent of the HTTP server underneath. */
public record SiteRequest(String method, String path, Map<String, String> query, UnaryOperator<String> headers) {
    public SiteRequest {
        query = Map.copyOf(query);
    }

    public String header(String name) {
        return headers.apply(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    public boolean isRead() {
        return "GET".equals(method) || "HEAD".equals(method);
    }
}
