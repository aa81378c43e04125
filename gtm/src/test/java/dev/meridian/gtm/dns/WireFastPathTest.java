package dev.meridian.gtm.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gtm.TestConfigs;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.state.InMemoryNetworkState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The wire-level fast path against the general (dnsjava) path: two handlers on the same config, state and
 * clock answer the same queries in lockstep, one through {@link QueryHandler#handleUdp} and one
 * through {@link QueryHandler#handle}; every response must be the same bytes, every decision counted alike,
 * and the common queries must really take the fast path.
 */
class WireFastPathTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private InMemoryNetworkState state;
    private SimpleMeterRegistry fastRegistry;
    private SimpleMeterRegistry slowRegistry;
    private QueryHandler fast;
    private QueryHandler slow;

    @BeforeEach
    void setUp() throws IOException {
        state = new InMemoryNetworkState(() -> Duration.ofSeconds(30), 1000);
        fastRegistry = new SimpleMeterRegistry();
        slowRegistry = new SimpleMeterRegistry();
        fast = handler(dir.resolve("fast"), fastRegistry);
        slow = handler(dir.resolve("slow"), slowRegistry);
    }

    private QueryHandler handler(Path stateDir, SimpleMeterRegistry registry) throws IOException {
        java.nio.file.Files.createDirectories(stateDir);
        return new QueryHandler(TestConfigs.standard(stateDir), state,
                PersistenceTable.open(stateDir.resolve("p.tsv"), 1000, CLOCK.instant()),
                new DecisionRecorder(registry, DecisionRecorder.LogPolicy.off()), registry, CLOCK);
    }

    /** Asks both handlers; asserts identical bytes; returns whether the fast path answered. */
    private boolean compare(byte[] query, InetAddress source) throws IOException {
        byte[] out = new byte[65535];
        int n = fast.handleFast(query, query.length, source, out);
        boolean tookFast = n != WireFastPath.DECLINED;
        if (!tookFast) {
            n = fast.handleUdp(query, query.length, source, out);
        }
        byte[] expected = slow.handle(query, query.length, source, false);
        String what = HexFormat.of().formatHex(query) + " from " + source;
        if (expected == null) {
            assertThat(n).as(what).isEqualTo(-1);
            return tookFast;
        }
        byte[] actual = Arrays.copyOf(out, n);
        if (!Arrays.equals(actual, expected)) {
            assertThat(new Message(actual).toString()).as(what).isEqualTo(new Message(expected).toString());
            assertThat(HexFormat.of().formatHex(actual)).as(what).isEqualTo(HexFormat.of().formatHex(expected));
        }
        return tookFast;
    }

    private static byte[] query(int id, String name, int type, boolean rd, OPTRecord opt) throws IOException {
        Message q = new Message(id);
        if (rd) {
            q.getHeader().setFlag(Flags.RD);
        }
        q.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
        if (opt != null) {
            q.addRecord(opt, Section.ADDITIONAL);
        }
        return q.toWire();
    }

    private static OPTRecord ecs(int payload, String address, int prefix) throws IOException {
        return new OPTRecord(payload, 0, 0, 0, new ClientSubnetOption(prefix, InetAddress.getByName(address)));
    }

    private List<OPTRecord> edns() throws IOException {
        List<OPTRecord> opts = new ArrayList<>();
        opts.add(null);
        for (int payload : new int[] {100, 512, 1232, 4096}) {
            opts.add(new OPTRecord(payload, 0, 0));
        }
        opts.add(new OPTRecord(1232, 0, 0, Flags.DO));
        for (String subnet : new String[] {"10.1.2.0/24", "10.1.0.0/16", "10.1.2.3/32", "10.2.0.0/15", "10.0.0.0/8",
            "0.0.0.0/0", "10.2.7.128/25", "192.0.2.0/24", "2001:db8::/32", "2001:db8:1::/48", "2001:db8::1/128",
            "::/0"}) {
            String[] p = subnet.split("/");
            opts.add(ecs(1232, p[0], Integer.parseInt(p[1])));
            opts.add(ecs(512, p[0], Integer.parseInt(p[1])));
        }
        return opts;
    }

    @Test
    void answersTheSameBytesAsTheGeneralPathForABroadMixOfQueries() throws IOException {
        List<String> names = List.of("acme.cdn.test.", "AcMe.CDN.TeSt.", "app.cdn.test.", "APP.CDN.TEST.",
                "wide.cdn.test.", "deep.static.cdn.test.", "missing.cdn.test.", "static.cdn.test.", "cdn.test.",
                "images.acme.test.", "a-rather-long-customer-hostname-to-fill-the-packet.acme.test.", "www.example.org.");
        int[] types = {Type.A, Type.AAAA, Type.TXT, Type.ANY, Type.CNAME};
        InetAddress[] sources = {LOOPBACK, InetAddress.getByName("10.1.9.9"), InetAddress.getByName("10.2.3.4"),
            InetAddress.getByName("::1")};
        int fastAnswers = 0;
        int id = 1;
        for (int round = 0; round < 3; round++) { // repeats so weighted choice and persistence are exercised
            for (String name : names) {
                for (int type : types) {
                    for (OPTRecord opt : edns()) {
                        for (InetAddress source : sources) {
                            boolean rd = (id & 1) == 0;
                            boolean tookFast = compare(query(id++ & 0xFFFF, name, type, rd, opt), source);
                            boolean ours = name.equalsIgnoreCase("acme.cdn.test.") || name.equalsIgnoreCase("app.cdn.test.");
                            if (ours && type == Type.A) {
                                assertThat(tookFast).as("%s A with %s", name, opt).isTrue();
                            }
                            if (!(type == Type.A || type == Type.AAAA)) {
                                assertThat(tookFast).as("%s type %d", name, type).isFalse();
                            }
                            fastAnswers += tookFast ? 1 : 0;
                        }
                    }
                }
            }
        }
        assertThat(fastAnswers).isGreaterThan(1000);
        assertThat(counters(fastRegistry)).isEqualTo(counters(slowRegistry))
                .containsKeys("MeterId{name='meridian_gtm_decisions', tags=[tag(hostname=acme.cdn.test),tag(reason=static)]}",
                        "MeterId{name='meridian_gtm_answers', tags=[tag(address=127.0.0.11),tag(hostname=acme.cdn.test)]}",
                        "MeterId{name='meridian_gtm_pop_answers', tags=[tag(pop=sjc)]}",
                        "MeterId{name='meridian_gtm_queries', tags=[tag(rcode=NOERROR),tag(transport=udp)]}");
    }

    @Test
    void truncationCandidatesAndFailuresGoTheSameWay() throws IOException {
        // 16 AAAA servers: fit in 512 bytes without EDNS, need truncation with ECS and a small payload
        assertThat(compare(query(1, "wide.cdn.test.", Type.AAAA, true, null), LOOPBACK)).isTrue();
        assertThat(compare(query(2, "wide.cdn.test.", Type.AAAA, true, ecs(1232, "2001:db8:1::", 48)), LOOPBACK)).isTrue();
        assertThat(compare(query(3, "wide.cdn.test.", Type.AAAA, true, ecs(512, "2001:db8::1", 128)), LOOPBACK)).isFalse();
        // everything down with fallback servfail: SERVFAIL without AA, ECS echoed with scope 0
        for (int i = 1; i <= 16; i++) {
            state.overrideHealth(InetAddress.getByName("2001:db8::" + Integer.toHexString(i)), false, Instant.EPOCH);
        }
        assertThat(compare(query(4, "wide.cdn.test.", Type.AAAA, false, null), LOOPBACK)).isTrue();
        assertThat(compare(query(5, "wide.cdn.test.", Type.AAAA, true, ecs(1232, "10.1.2.0", 24)), LOOPBACK)).isTrue();
        byte[] q = query(6, "wide.cdn.test.", Type.AAAA, false, null);
        byte[] out = new byte[65535];
        Message servfail = new Message(Arrays.copyOf(out, fast.handleUdp(q, q.length, LOOPBACK, out)));
        assertThat(servfail.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(servfail.getHeader().getFlag(Flags.AA)).isFalse();
        slow.handle(q, q.length, LOOPBACK, false); // keeps the two handlers' counters in step
        // down primaries: the weighted pair out, the hidden backup answers
        state.overrideHealth(InetAddress.getByName("192.0.2.1"), false, Instant.EPOCH);
        state.overrideHealth(InetAddress.getByName("192.0.2.2"), false, Instant.EPOCH);
        assertThat(compare(query(7, "app.cdn.test.", Type.A, true, ecs(1232, "10.1.2.0", 24)), LOOPBACK)).isTrue();
        assertThat(counters(fastRegistry)).isEqualTo(counters(slowRegistry));
    }

    @Test
    void declinesWhatItDoesNotFullyUnderstand() throws IOException {
        byte[] plain = query(9, "acme.cdn.test.", Type.A, true, null);
        assertThat(compare(plain, LOOPBACK)).isTrue();
        List<byte[]> odd = new ArrayList<>();
        odd.add(query(9, "acme.cdn.test.", Type.A, true, new OPTRecord(1232, 0, 1))); // EDNS version 1: BADVERS
        odd.add(query(9, "acme.cdn.test.", Type.A, true, new OPTRecord(1232, 0, 0, 0,
                new GenericEDNSOption(10, new byte[8])))); // a cookie: not ours to answer fast
        byte[] scoped = query(9, "acme.cdn.test.", Type.A, true, ecs(1232, "10.1.2.0", 24));
        scoped[scoped.length - 4] = 24; // a query with a non-zero ECS scope: FORMERR
        odd.add(scoped);
        byte[] padded = query(9, "acme.cdn.test.", Type.A, true, ecs(1232, "10.1.2.0", 23));
        padded[padded.length - 1] = 3; // address bits beyond the source prefix: FORMERR
        odd.add(padded);
        odd.add(Arrays.copyOf(plain, plain.length + 1)); // trailing byte
        odd.add(Arrays.copyOf(plain, plain.length - 1)); // truncated question
        byte[] notQuery = plain.clone();
        notQuery[2] |= 0x10; // opcode 2
        odd.add(notQuery);
        byte[] classChaos = plain.clone();
        classChaos[classChaos.length - 1] = 3;
        odd.add(classChaos);
        for (byte[] q : odd) {
            byte[] out = new byte[65535];
            assertThat(fast.handleFast(q, q.length, LOOPBACK, out)).as(HexFormat.of().formatHex(q)).isEqualTo(WireFastPath.DECLINED);
            compare(q, LOOPBACK);
        }
        // a well-formed /23 (its last byte's low bit is padding) is served fast
        assertThat(compare(query(9, "acme.cdn.test.", Type.A, true, ecs(1232, "10.1.2.0", 23)), LOOPBACK)).isTrue();
    }

    private static Map<String, Double> counters(SimpleMeterRegistry registry) {
        Map<String, Double> m = new TreeMap<>();
        for (var meter : registry.getMeters()) {
            if (meter instanceof Counter c) {
                m.put(meter.getId().toString(), c.count());
            }
        }
        return m;
    }
}
