package dev.meridian.probe.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.probe.latency.Measurement;
import dev.meridian.probe.service.ProbeError;
import dev.meridian.probe.service.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * Wire forms of what vantage points, latency agents and GTM servers exchange: lists of probe
 * results, of latency measurements, and of targets to measure. Reading never trusts the sender:
 * every field is checked and a bad body is an IllegalArgumentException that says what is wrong.
 */
public final class ResultJson {
    public static final int MAX_ITEMS = 10_000;

    /** Every wire form of this package reads with this one mapper, so all are as strict. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    record ProbeWire(String address, String vantage, String at, int metric, String error, String detail) {}

    record MeasurementWire(String pop, String target, Double rttMs, double loss, String method, boolean emulated,
                           String at) {}

    private ResultJson() {}

    public static byte[] probes(List<ProbeResult> results) {
        return write(results.stream().map(r -> new ProbeWire(r.address(), r.vantage(), r.at().toString(), r.metric(),
                r.error() == null ? null : r.error().name(), r.detail())).toList());
    }

    public static byte[] measurements(List<Measurement> results) {
        return write(results.stream().map(m -> new MeasurementWire(m.pop(), m.target().getHostAddress(),
                m.replied() ? m.rttMs() : null, m.loss(), m.method(), m.emulated(), m.at().toString())).toList());
    }

    /** A batch of targets for a latency agent: a JSON list of IP address literals. */
    public static byte[] targets(List<InetAddress> targets) {
        return write(targets.stream().map(InetAddress::getHostAddress).toList());
    }

    public static List<ProbeResult> readProbes(byte[] body) {
        return read(body, new TypeReference<List<ProbeWire>>() {}, MAX_ITEMS).stream().map(w -> {
            require(w != null, "null result");
            require(w.address() != null && IpAddresses.isLiteral(w.address()), "address must be an IP address");
            require(w.vantage() != null && !w.vantage().isBlank() && w.vantage().length() <= 64,
                    "vantage is required (at most 64 characters)");
            ProbeError error = w.error() == null ? null : enumValue(w.error());
            return new ProbeResult(IpAddresses.parse(w.address()).getHostAddress(), w.vantage(), instant(w.at()),
                    error == null ? w.metric() : ProbeResult.FAILURE_METRIC, error, w.detail());
        }).toList();
    }

    public static List<Measurement> readMeasurements(byte[] body) {
        return read(body, new TypeReference<List<MeasurementWire>>() {}, MAX_ITEMS).stream().map(w -> {
            require(w != null, "null measurement");
            require(w.pop() != null && !w.pop().isBlank(), "pop is required");
            require(w.target() != null && IpAddresses.isLiteral(w.target()), "target must be an IP address");
            require(w.rttMs() == null || (w.rttMs() >= 0 && w.rttMs() < 3_600_000), "rttMs must be >= 0");
            require(w.loss() >= 0 && w.loss() <= 1, "loss must be within 0..1");
            require(w.method() != null, "method is required");
            return new Measurement(w.pop(), IpAddresses.parse(w.target()), w.rttMs() == null ? Double.NaN : w.rttMs(),
                    w.loss(), w.method(), w.emulated(), instant(w.at()));
        }).toList();
    }

    /** Reads a batch of targets; more than {@code max}, or anything but IP literals, is refused. */
    public static List<InetAddress> readTargets(byte[] body, int max) {
        return read(body, new TypeReference<List<String>>() {}, max).stream().map(t -> {
            require(t != null && IpAddresses.isLiteral(t), "every target must be an IP address literal");
            return IpAddresses.parse(t);
        }).toList();
    }

    private static ProbeError enumValue(String name) {
        try {
            return ProbeError.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown probe error " + name);
        }
    }

    private static Instant instant(String at) {
        require(at != null, "at is required");
        try {
            return Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an ISO-8601 instant: " + at);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static <T> List<T> read(byte[] body, TypeReference<List<T>> type, int max) {
        List<T> items;
        try {
            items = JSON.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the expected JSON list: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable body: " + e.getMessage());
        }
        require(items != null, "expected a JSON list");
        require(items.size() <= max, "at most " + max + " items per request");
        return items;
    }

    /** Any value as JSON (maps and lists of plain values, records of them). */
    public static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
