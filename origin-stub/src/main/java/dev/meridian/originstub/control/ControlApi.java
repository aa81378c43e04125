package dev.meridian.originstub.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meridian.originstub.faults.FaultMode;
import dev.meridian.originstub.faults.FaultPlan;
import dev.meridian.originstub.faults.FaultRule;
import dev.meridian.originstub.site.SiteVersion;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The stub's remote control under {@code /__stub/}, so tests and load plans in other processes can
 * steer it:
 * <pre>
 * POST /__stub/fault     {"mode":"slow|fail|reset|hang|truncate|garbage|ok","delayMs":2000,"pathPrefix":"/images/","status":503}
 *                        ("ok" without pathPrefix clears every fault)
 * POST /__stub/headers   {"pathPrefix":"/lab/x","headers":{"Cache-Control":"max-age=60"}} (empty headers removes)
 * POST /__stub/bump      new content version for the whole site
 * GET  /__stub/requests  counts per path; ?path=/x for one path
 * POST /__stub/reset     clear faults, header overrides and counts
 * GET  /__stub/state     content version and faults in force
 * </pre>
 */
public final class ControlApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FaultPlan faults;
    private final HeaderOverrides overrides;
    private final RequestLog requests;
    private final IntSupplier bump;
    private final Supplier<SiteVersion> version;

    public ControlApi(FaultPlan faults, HeaderOverrides overrides, RequestLog requests, IntSupplier bump,
                      Supplier<SiteVersion> version) {
        this.faults = faults;
        this.overrides = overrides;
        this.requests = requests;
        this.bump = bump;
        this.version = version;
    }

    /** A control answer: status and JSON body. */
    public record Answer(int status, String json) {
    }

    public Answer handle(String method, String path, String pathQuery, String body) {
        try {
            return switch (method + " " + path) {
                case "POST /__stub/fault" -> fault(body);
                case "POST /__stub/headers" -> headers(body);
                case "POST /__stub/bump" -> new Answer(200, json(JSON.createObjectNode().put("version", bump.getAsInt())));
                case "GET /__stub/requests" -> requests(pathQuery);
                case "POST /__stub/reset" -> {
                    faults.clear();
                    overrides.clear();
                    requests.reset();
                    yield state();
                }
                case "GET /__stub/state" -> state();
                default -> error(404, "no control endpoint " + method + " " + path);
            };
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage());
        }
    }

    private Answer headers(String body) {
        JsonNode spec = parse(body);
        String prefix = spec.path("pathPrefix").asText("/");
        Map<String, String> headers = new LinkedHashMap<>();
        spec.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        overrides.set(prefix, headers);
        return state();
    }

    private Answer fault(String body) {
        JsonNode spec = parse(body);
        FaultMode mode = FaultMode.parse(spec.path("mode").asText(null));
        String prefix = spec.path("pathPrefix").asText(null);
        if (mode == FaultMode.OK && prefix == null) {
            faults.clear();
        } else {
            Duration delay = spec.has("delayMs") ? Duration.ofMillis(spec.get("delayMs").asLong()) : null;
            faults.set(new FaultRule(mode, prefix, delay, spec.path("status").asInt(0)));
        }
        return state();
    }

    private Answer requests(String path) {
        ObjectNode out = JSON.createObjectNode();
        if (path != null) {
            out.put("path", path).put("count", requests.count(path));
        } else {
            ObjectNode counts = out.putObject("counts");
            requests.counts().forEach(counts::put);
        }
        return new Answer(200, json(out));
    }

    private Answer state() {
        ObjectNode out = JSON.createObjectNode().put("version", version.get().number());
        ObjectNode rules = out.putObject("faults");
        faults.rules().forEach((prefix, rule) -> rules.putObject(prefix).put("mode", rule.mode().name().toLowerCase(Locale.ROOT))
                .put("delayMs", rule.delay().toMillis()).put("status", rule.status()));
        return new Answer(200, json(out));
    }

    private static Answer error(int status, String message) {
        return new Answer(status, json(JSON.createObjectNode().put("error", message)));
    }

    private static String json(JsonNode node) {
        return node.toString();
    }
}
