package dev.meridian.originstub.site;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the origin answers: status, headers in order, and a body. */
public record Representation(int status, Map<String, String> headers, Body body) {
    public Representation {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
