package dev.meridian.gtm.dns;

import dev.meridian.core.config.MeridianConfig;
import dev.meridian.gtm.net.ClientSubnet;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.observability.ThrottledLog;
import dev.meridian.gtm.policy.AnswerPolicy;
import dev.meridian.gtm.policy.Candidate;
import dev.meridian.gtm.policy.Decision;
import dev.meridian.gtm.policy.PersistenceTable;
import dev.meridian.gtm.policy.PolicyContext;
import dev.meridian.gtm.state.NetworkState;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query (wire bytes) into its response (wire bytes): parsing, EDNS0 and Client Subnet, the
 * zone lookup, the policy decision and truncation. Transport-free, so UDP, TCP and tests share it.
 * Thread-safe: the authority is swapped whole on reload.
 */
public final class QueryHandler {
    /** The classic UDP limit for queries without EDNS0. */
    static final int PLAIN_UDP_LIMIT = 512;
    static final int TCP_LIMIT = 65535;
    private static final int MAX_CNAME_CHAIN = 8;
    private static final long GLUE_TTL = 3600;

    private final AtomicReference<Authority> authority = new AtomicReference<>();
    private final AtomicReference<Integer> maxUdpPayload = new AtomicReference<>();
    private final AuthorityBuilder builder;
    private final DecisionRecorder recorder;
    private final Clock clock;
    private final QueryCounters counters;
    private final WireFastPath fastPath;
    private final ThrottledLog badInput = new ThrottledLog(LoggerFactory.getLogger(QueryHandler.class), 10);

    public QueryHandler(MeridianConfig config, NetworkState state, PersistenceTable persistence,
                        DecisionRecorder recorder, MeterRegistry registry, Clock clock) {
        this.builder = new AuthorityBuilder(state, persistence);
        this.recorder = recorder;
        this.counters = new QueryCounters(registry);
        this.clock = clock;
        this.fastPath = new WireFastPath(recorder, counters, clock);
        reconfigure(config);
    }

    /** Serves a new config from the next query on; queries in flight finish on the old one. */
    public void reconfigure(MeridianConfig config) {
        authority.set(builder.build(config));
        maxUdpPayload.set(config.dns().maxUdpPayload());
    }

    /**
     * The response to a UDP query written into {@code out} (room for the largest UDP payload): its length, or
     * -1 when nothing should be sent. The common query takes the wire-level fast path; the rest {@link #handle}.
     */
    public int handleUdp(byte[] packet, int length, InetAddress source, byte[] out) {
        int n = fastPath.answer(authority.get(), maxUdpPayload.get(), packet, length, source, out);
        if (n != WireFastPath.DECLINED) {
            return n;
        }
        byte[] response = handle(packet, length, source, false);
        if (response == null) {
            return -1;
        }
        System.arraycopy(response, 0, out, 0, response.length);
        return response.length;
    }

    /** The fast path alone, for tests that compare it with the general path: {@link WireFastPath#DECLINED} when it passes. */
    int handleFast(byte[] packet, int length, InetAddress source, byte[] out) {
        return fastPath.answer(authority.get(), maxUdpPayload.get(), packet, length, source, out);
    }

    /**
     * The response to a query, sized for the transport; null when nothing should be sent (the packet is too
     * short to answer, or is itself a response).
     */
    public byte[] handle(byte[] packet, int length, InetAddress source, boolean tcp) {
        String transport = tcp ? "tcp" : "udp";
        if (length < Header.LENGTH || (packet[2] & 0x80) != 0) {
            counters.dropped(tcp);
            badInput.warn("dropped a {}-byte {} packet from {}: {}", length, transport, source.getHostAddress(),
                    length < Header.LENGTH ? "shorter than a DNS header" : "a response, not a query");
            return null;
        }
        Message query;
        try {
            query = new Message(ByteBuffer.wrap(packet, 0, length));
        } catch (Exception e) {
            counters.answered(tcp, Rcode.FORMERR);
            badInput.warn("FORMERR to {} over {}: {}", source.getHostAddress(), transport, e.getMessage());
            return formerrFromRawHeader(packet);
        }
        // The query's OPT records, found in one pass: dnsjava's getOPT() walks the section on every call.
        OPTRecord opt = null;
        int opts = 0;
        for (Record r : query.getSection(Section.ADDITIONAL)) {
            if (r instanceof OPTRecord o) {
                opt = o;
                opts++;
            }
        }
        Message response;
        try {
            response = opts > 1 ? reply(query, opt, Rcode.FORMERR) : answer(query, opt, source);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(QueryHandler.class).error("failed to answer a query from {}", source, e);
            response = reply(query, opt, Rcode.SERVFAIL);
        }
        counters.answered(tcp, response.getRcode());
        return response.toWire(sizeLimit(opt, tcp));
    }

    private Message answer(Message query, OPTRecord opt, InetAddress source) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return reply(query, opt, Rcode.NOTIMP);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            return reply(query, opt, Rcode.FORMERR);
        }
        if (opt != null && opt.getVersion() != 0) {
            return reply(query, opt, Rcode.BADVERS);
        }
        ClientSubnetOption ecs = clientSubnet(opt);
        if (ecs != null && ecs.getScopePrefixLength() != 0) {
            // RFC 7871 7.1.2: a query's scope must be zero.
            return reply(query, opt, Rcode.FORMERR);
        }
        Record question = questions.get(0);
        Authority auth = authority.get();
        Zone zone = auth.zoneOf(question.getName());
        if (zone == null || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)) {
            return reply(query, opt, Rcode.REFUSED);
        }
        int type = question.getType();
        if (type == Type.AXFR || type == Type.IXFR) {
            return reply(query, opt, Rcode.REFUSED);
        }
        ClientSubnet client = ecs == null ? ClientSubnet.ofResolver(source)
                : ecs.getSourcePrefixLength() == 0 ? null : new ClientSubnet(ecs.getAddress(), ecs.getSourcePrefixLength());
        Message response = reply(query, null, Rcode.NOERROR);
        response.getHeader().setFlag(Flags.AA);
        int scope = resolve(auth, zone, question.getName(), type, client, response);
        if (opt != null) {
            OPTRecord ours = ecs == null ? new OPTRecord(maxUdpPayload.get(), 0, 0)
                    : new OPTRecord(maxUdpPayload.get(), 0, 0, 0, new ClientSubnetOption(ecs.getSourcePrefixLength(),
                            Math.min(scope, ecs.getSourcePrefixLength()), ecs.getAddress()));
            response.addRecord(ours, Section.ADDITIONAL);
        }
        return response;
    }

    /** Fills the answer for a name, following CNAMEs within our zones; returns the ECS scope it depended on. */
    private int resolve(Authority auth, Zone zone, Name name, int type, ClientSubnet client, Message response) {
        int scope = 0;
        for (int hop = 0; hop < MAX_CNAME_CHAIN; hop++) {
            NameEntry entry = auth.entry(name);
            if (entry == null && !auth.exists(zone, name)) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                addSoa(zone, response);
                return scope;
            }
            if (entry instanceof NameEntry.Alias alias) {
                response.addRecord(new CNAMERecord(name, DClass.IN, alias.ttlSeconds(), alias.target()), Section.ANSWER);
                if (type == Type.CNAME) {
                    return scope;
                }
                Zone next = auth.zoneOf(alias.target());
                if (next == null) {
                    return scope;
                }
                zone = next;
                name = alias.target();
                continue;
            }
            List<Record> records = new ArrayList<>();
            int s = records(zone, name, entry, type, client, records);
            if (s < 0) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
                response.getHeader().unsetFlag(Flags.AA);
                response.removeAllRecords(Section.ANSWER);
                return 0;
            }
            scope = Math.max(scope, s);
            if (records.isEmpty()) {
                addSoa(zone, response);
            }
            records.forEach(r -> response.addRecord(r, Section.ANSWER));
            return scope;
        }
        response.getHeader().setRcode(Rcode.SERVFAIL);
        return scope;
    }

    /** Appends the records of one type at a name; returns the scope, or -1 for SERVFAIL. */
    private int records(Zone zone, Name name, NameEntry entry, int type, ClientSubnet client, List<Record> out) {
        if (name.equals(zone.origin())) {
            if (type == Type.SOA || type == Type.ANY) {
                out.add(zone.soa());
            } else if (type == Type.NS) {
                out.addAll(zone.nameservers());
            }
            return 0;
        }
        if (entry instanceof NameEntry.Fixed fixed) {
            for (InetAddress a : fixed.addresses()) {
                Record r = address(name, a, GLUE_TTL, type);
                if (r != null) {
                    out.add(r);
                }
            }
            return 0;
        }
        if (entry instanceof NameEntry.Host host) {
            // RFC 8482: ANY gets one RRset, the addresses, rather than everything.
            boolean wantsV4 = type == Type.A || (type == Type.ANY && !host.ipv4().candidates().isEmpty());
            boolean wantsV6 = type == Type.AAAA || (type == Type.ANY && !wantsV4);
            AnswerPolicy policy = wantsV4 ? host.ipv4() : wantsV6 ? host.ipv6() : null;
            if (policy == null || policy.candidates().isEmpty()) {
                return 0;
            }
            PolicyContext context = new PolicyContext(host.hostname(), client, clock.instant());
            Decision d = policy.decide(context);
            recorder.record(host.hostname(), wantsV4 ? "A" : "AAAA", client, d);
            if (d.isServfail()) {
                return -1;
            }
            for (Candidate c : d.answer()) {
                out.add(address(name, c.address(), d.ttlSeconds(), wantsV4 ? Type.A : Type.AAAA));
            }
            return d.scope();
        }
        return 0;
    }

    private static Record address(Name name, InetAddress a, long ttl, int type) {
        boolean v4 = a.getAddress().length == 4;
        if (v4 && (type == Type.A || type == Type.ANY)) {
            return new ARecord(name, DClass.IN, ttl, a);
        }
        if (!v4 && (type == Type.AAAA || type == Type.ANY)) {
            return new AAAARecord(name, DClass.IN, ttl, a);
        }
        return null;
    }

    private static void addSoa(Zone zone, Message response) {
        response.addRecord(zone.soa(), Section.AUTHORITY);
    }

    /** A response skeleton: same ID, opcode, RD and question (as the client spelled it), and our OPT if they sent one. */
    private Message reply(Message query, OPTRecord queryOpt, int rcode) {
        Message r = new Message(query.getHeader().getID());
        Header h = r.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        h.setRcode(rcode & 0xF);
        if (query.getHeader().getOpcode() == Opcode.QUERY && query.getSection(Section.QUESTION).size() == 1) {
            r.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (queryOpt != null) {
            r.addRecord(new OPTRecord(maxUdpPayload.get(), rcode >> 4, 0), Section.ADDITIONAL);
        }
        return r;
    }

    private static ClientSubnetOption clientSubnet(OPTRecord opt) {
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            if (o instanceof ClientSubnetOption cs) {
                return cs;
            }
        }
        return null;
    }

    private int sizeLimit(OPTRecord opt, boolean tcp) {
        if (tcp) {
            return TCP_LIMIT;
        }
        return opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), maxUdpPayload.get()));
    }

    /** FORMERR for a packet dnsjava cannot parse: only its 12-byte header is trusted, and only the ID and opcode echoed. */
    private static byte[] formerrFromRawHeader(byte[] packet) {
        byte[] r = new byte[Header.LENGTH];
        r[0] = packet[0];
        r[1] = packet[1];
        r[2] = (byte) (0x80 | (packet[2] & 0x78));
        r[3] = (byte) Rcode.FORMERR;
        return r;
    }
}
