package dev.meridian.originstub;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import dev.meridian.originstub.site.SiteRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Turns a WireMock request into the stub's own view of it. */
final class RequestParts {
    private RequestParts() {
    }

    static String path(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    static Map<String, String> query(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        Map<String, String> out = new LinkedHashMap<>();
        if (q < 0) {
            return out;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    static Map<String, String> headers(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HttpHeader h : request.getHeaders().all()) {
            out.put(h.key().toLowerCase(Locale.ROOT), String.join(", ", h.values()));
        }
        return out;
    }

    static SiteRequest toSiteRequest(Request request) {
        return new SiteRequest(request.getMethod().getName(), path(request), query(request), request::getHeader);
    }
}
