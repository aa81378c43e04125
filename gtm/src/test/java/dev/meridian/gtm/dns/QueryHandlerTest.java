package dev.meridian.gtm.dns;

import static dev.meridian.gtm.DnsTestClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.gtm.TestConfigs;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.state.InMemoryNetworkState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Wire behaviour of the query handler, without sockets: the bytes in, the bytes out. */
class QueryHandlerTest {
    private static final InetAddress RESOLVER = InetAddress.getLoopbackAddress();

    @TempDir
    Path stateDir;
    private QueryHandler handler;
    private InMemoryNetworkState state;

    @BeforeEach
    void setUp() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        state = new InMemoryNetworkState(() -> Duration.ofSeconds(30), 1000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        handler = new QueryHandler(TestConfigs.standard(stateDir), state,
                PersistenceTable.open(stateDir.resolve("p.tsv"), 1000, clock.instant()),
                new DecisionRecorder(registry, DecisionRecorder.LogPolicy.off()), registry, clock);
    }

    private Message ask(Message q, boolean tcp) throws IOException {
        byte[] wire = q.toWire();
        return new Message(handler.handle(wire, wire.length, RESOLVER, tcp));
    }

    private Message ask(Message q) throws IOException {
        return ask(q, false);
    }

    @Test
    void answersAuthoritativelyWithTheQuestionAsAsked() throws IOException {
        Message r = ask(query("AcMe.CDN.test", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getQuestion().getName().toString()).isEqualTo("AcMe.CDN.test.");
        List<Record> answer = r.getSection(Section.ANSWER);
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).getName().toString()).isEqualTo("AcMe.CDN.test.");
        assertThat(answer.get(0).getTTL()).isEqualTo(15);
        assertThat(answer.get(0).rdataToString()).isIn("127.0.0.11", "127.0.0.12", "127.0.0.13");
    }

    @Test
    void nxdomainAndNodataBothCarryTheSoa() throws IOException {
        Message nx = ask(query("missing.cdn.test", Type.A));
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(nx.getSection(Section.ANSWER)).isEmpty();
        assertThat(nx.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> {
            assertThat(r.getType()).isEqualTo(Type.SOA);
            assertThat(r.getName().toString()).isEqualTo("cdn.test.");
            assertThat(r.getTTL()).isEqualTo(30);
        });

        Message nodata = ask(query("acme.cdn.test", Type.MX));
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);

        // A hostname with only IPv4 servers has no AAAA: NODATA, not NXDOMAIN.
        Message noV6 = ask(query("app.cdn.test", Type.AAAA));
        assertThat(noV6.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(noV6.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void emptyNonTerminalIsNodataAndNamesBelowAHostAreNxdomain() throws IOException {
        Message ent = ask(query("static.cdn.test", Type.A));
        assertThat(ent.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ent.getSection(Section.ANSWER)).isEmpty();

        assertThat(ask(query("x.acme.cdn.test", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask(query("deep.static.cdn.test", Type.A)).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void apexHasSoaAndNsAndGlue() throws IOException {
        assertThat(ask(query("cdn.test", Type.SOA)).getSection(Section.ANSWER)).extracting(Record::getType)
                .containsExactly(Type.SOA);
        Message ns = ask(query("cdn.test", Type.NS));
        assertThat(ns.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("ns1.cdn.test."));
        assertThat(ask(query("ns1.cdn.test", Type.A)).getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("127.0.0.1"));
        assertThat(ask(query("acme.test", Type.SOA)).getSection(Section.ANSWER)).extracting(Record::getType)
                .containsExactly(Type.SOA);
    }

    @Test
    void refusesNamesOutsideItsZones() throws IOException {
        Message r = ask(query("www.example.com", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        // A name that merely ends like the zone is not in it.
        assertThat(ask(query("notcdn.test", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(ask(query("cdn.test", Type.AXFR), true).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void followsCnameFromACustomerZoneIntoTheCdnZone() throws IOException {
        Message r = ask(query("IMAGES.acme.test", Type.A));
        List<Record> answer = r.getSection(Section.ANSWER);
        assertThat(answer).hasSize(2);
        assertThat(answer.get(0).getType()).isEqualTo(Type.CNAME);
        assertThat(answer.get(0).getName().toString()).isEqualTo("IMAGES.acme.test.");
        assertThat(answer.get(0).rdataToString()).isEqualTo("acme.cdn.test.");
        assertThat(answer.get(1).getType()).isEqualTo(Type.A);
        assertThat(answer.get(1).getName().toString()).isEqualTo("acme.cdn.test.");

        assertThat(ask(query("images.acme.test", Type.CNAME)).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void notImplementedForOtherOpcodes() throws IOException {
        Message q = query("acme.cdn.test", Type.A);
        q.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(ask(q).getRcode()).isEqualTo(Rcode.NOTIMP);
        Message status = query("acme.cdn.test", Type.A);
        status.getHeader().setOpcode(Opcode.STATUS);
        assertThat(ask(status).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void formerrForGarbageAndForQuestionCountsOtherThanOne() throws IOException {
        byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'e', 'x'};
        byte[] reply = handler.handle(garbage, garbage.length, RESOLVER, false);
        Message r = new Message(reply);
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(r.getHeader().getID()).isEqualTo(0x1234);
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();

        Message two = query("acme.cdn.test", Type.A);
        two.addRecord(query("app.cdn.test", Type.A).getQuestion(), Section.QUESTION);
        assertThat(ask(two).getRcode()).isEqualTo(Rcode.FORMERR);
        Message none = new Message(99);
        assertThat(ask(none).getRcode()).isEqualTo(Rcode.FORMERR);

        assertThat(handler.handle(new byte[5], 5, RESOLVER, false)).as("shorter than a header: dropped").isNull();
        byte[] response = query("acme.cdn.test", Type.A).toWire();
        response[2] |= (byte) 0x80;
        assertThat(handler.handle(response, response.length, RESOLVER, false)).as("a response: dropped").isNull();
    }

    @Test
    void formerrForMalformedClientSubnet() throws IOException {
        byte[] wire = query("acme.cdn.test", Type.A, 1232, "10.1.2.0/24").toWire();
        // The ECS option's source prefix is the 3rd byte of its data; 99 bits do not fit IPv4.
        int family = indexOf(wire, new byte[] {0x00, 0x08, 0x00, 0x07, 0x00, 0x01});
        wire[family + 6] = 99;
        assertThat(new Message(handler.handle(wire, wire.length, RESOLVER, false)).getRcode()).isEqualTo(Rcode.FORMERR);

        Message nonZeroScope = query("acme.cdn.test", Type.A);
        nonZeroScope.addRecord(new OPTRecord(1232, 0, 0, 0,
                new ClientSubnetOption(24, 8, InetAddress.getByName("10.1.2.0"))), Section.ADDITIONAL);
        assertThat(ask(nonZeroScope).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void badversForUnknownEdnsVersions() throws IOException {
        Message q = query("acme.cdn.test", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
        Message r = ask(q);
        assertThat(r.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(r.getOPT().getVersion()).isZero();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void echoesClientSubnetWithTheScopeTheDecisionDependedOn() throws IOException {
        Message pinned = ask(query("acme.cdn.test", Type.A, 1232, "10.1.2.0/24"));
        assertThat(pinned.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.rdataToString()).isEqualTo("127.0.0.11"));
        assertThat(ecs(pinned).getScopePrefixLength()).isEqualTo(16);
        assertThat(ecs(pinned).getSourcePrefixLength()).isEqualTo(24);
        assertThat(ecs(pinned).getAddress().getHostAddress()).isEqualTo("10.1.2.0");

        Message other = ask(query("acme.cdn.test", Type.A, 1232, "10.2.9.0/24"));
        assertThat(other.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("127.0.0.12");

        // Outside both blocks the weighted choice among the POPs is keyed by the client's /24 (the persistence
        // block), so every GTM server gives that block the same answer: the answer depends on all 24 bits.
        Message unpinned = ask(query("acme.cdn.test", Type.A, 1232, "10.3.0.0/24"));
        assertThat(ecs(unpinned).getScopePrefixLength()).isEqualTo(24);
        Message far = ask(query("acme.cdn.test", Type.A, 1232, "192.168.0.0/24"));
        assertThat(ecs(far).getScopePrefixLength()).isEqualTo(24);

        // The NS glue does not depend on the client at all.
        assertThat(ecs(ask(query("ns1.cdn.test", Type.A, 1232, "10.1.2.0/24"))).getScopePrefixLength()).isZero();
        // Source prefix 0: the resolver asks for an answer fit for everyone.
        Message anyone = ask(query("acme.cdn.test", Type.A, 1232, "0.0.0.0/0"));
        assertThat(ecs(anyone).getScopePrefixLength()).isZero();
        assertThat(anyone.getSection(Section.ANSWER)).hasSize(1);
                // A scope never exceeds what the client disclosed.
        assertThat(ecs(ask(query("acme.cdn.test", Type.A, 1232, "10.0.0.0/8"))).getScopePrefixLength()).isEqualTo(8);
    }

    @Test
    void minimalAnyReturnsOneRrset() throws IOException {
        Message host = ask(query("acme.cdn.test", Type.ANY));
        assertThat(host.getSection(Section.ANSWER)).isNotEmpty().allSatisfy(r -> assertThat(r.getType()).isEqualTo(Type.A));
        Message apex = ask(query("cdn.test", Type.ANY));
        assertThat(apex.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.SOA);
    }

    @Test
    void truncatesAtRrsetBoundariesOverUdpAndSendsAllOverTcp() throws IOException {
        String alias = "a-rather-long-customer-hostname-to-fill-the-packet.acme.test";
        Message udp = ask(query(alias, Type.AAAA));
        assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(udp.toWire().length).isLessThanOrEqualTo(512);
        // The CNAME RRset fits, the 16-address AAAA RRset does not, and it is left out whole.
        assertThat(udp.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME);

        Message tcp = ask(query(alias, Type.AAAA), true);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(17);

        Message edns = ask(query(alias, Type.AAAA, 1232, null));
        assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(edns.getSection(Section.ANSWER)).hasSize(17);
        assertThat(edns.getOPT().getPayloadSize()).isEqualTo(1232);

        // A client offering a larger buffer than the server's maximum still gets at most the maximum.
        Message small = ask(query("wide.cdn.test", Type.AAAA, 4096, null));
        assertThat(small.toWire().length).isLessThanOrEqualTo(1232);
    }

    @Test
    void servfailWhenEverythingIsDownAndTheFallbackSaysSo() throws IOException {
        for (int i = 1; i <= 16; i++) {
            state.overrideHealth(InetAddress.getByName("2001:db8::" + Integer.toHexString(i)), false, Instant.EPOCH);
        }
        Message r = ask(query("wide.cdn.test", Type.AAAA));
        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }

    private static ClientSubnetOption ecs(Message m) {
        return (ClientSubnetOption) m.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
