package dev.meridian.gtm.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.meridian.core.config.IpAddresses;
import dev.meridian.core.net.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * The wire form of persisted answers GTM servers tell each other about. Reading never trusts the sender:
 * every field is checked, and a bad body is an IllegalArgumentException that says what is wrong.
 */
public final class PersistenceJson {
    static final int MAX_ITEMS = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private record Wire(String hostname, String block, List<String> answer, long decidedAt, long replaces,
                        long expiresAt) {}

    private PersistenceJson() {
    }

    public static byte[] write(List<PersistenceTable.Decided> decided) {
        try {
            return JSON.writeValueAsBytes(decided.stream().map(d -> new Wire(d.hostname(), d.block().toString(),
                    d.answer().stream().map(InetAddress::getHostAddress).toList(), d.decidedAt().toEpochMilli(),
                    d.replaces().toEpochMilli(), d.expiresAt().toEpochMilli())).toList());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<PersistenceTable.Decided> read(byte[] body) {
        List<Wire> wire;
        try {
            wire = JSON.readValue(body, new TypeReference<List<Wire>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("not a list of persisted answers: " + e.getMessage());
        }
        if (wire == null || wire.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("expected a list of at most " + MAX_ITEMS + " persisted answers");
        }
        return wire.stream().map(PersistenceJson::decided).toList();
    }

    private static PersistenceTable.Decided decided(Wire w) {
        if (w == null || w.hostname() == null || w.hostname().isBlank() || !IpAddresses.isCidr(w.block())
                || w.answer() == null || w.answer().isEmpty()
                || !w.answer().stream().allMatch(a -> a != null && IpAddresses.isLiteral(a))) {
            throw new IllegalArgumentException("a persisted answer needs a hostname, a CIDR block and IP addresses");
        }
        if (w.expiresAt() < w.decidedAt() || w.replaces() > w.decidedAt()) {
            throw new IllegalArgumentException("a persisted answer cannot expire before it was decided, nor replace a later one");
        }
        return new PersistenceTable.Decided(w.hostname(), Cidr.parse(w.block()),
                w.answer().stream().map(IpAddresses::parse).toList(), Instant.ofEpochMilli(w.decidedAt()),
                Instant.ofEpochMilli(w.replaces()), Instant.ofEpochMilli(w.expiresAt()));
    }
}
