package dev.meridian.gtm.dns;

import dev.meridian.gtm.net.ClientSubnet;
import dev.meridian.gtm.observability.DecisionRecorder;
import dev.meridian.gtm.policy.AnswerPolicy;
import dev.meridian.gtm.policy.Candidate;
import dev.meridian.gtm.policy.Decision;
import dev.meridian.gtm.policy.PolicyContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.xbill.DNS.Rcode;

/**
 * The common query answered straight from and into wire bytes, without dnsjava's parser and renderer (which
 * cost more than the rest of the query together): a standard query for the A or AAAA records of one of our
 * CDN hostnames, class IN, with no OPT or one OPT of version 0 whose only option is a well-formed Client
 * Subnet. The decision comes from the same policy chain with the same inputs, counters and decision log as
 * {@link QueryHandler}'s general path, and the response is the one that path renders: same header bits,
 * the question as asked, one RR per address named by a pointer to the question, our OPT with the ECS echo.
 * Anything else, including any response that might need truncating, is declined before the decision is
 * made, so the general path answers it exactly as before.
 */
final class WireFastPath {
    /** Returned when the query is not one this path answers. */
    static final int DECLINED = -1;

    private static final int HEADER = 12;
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int TYPE_OPT = 41;
    private static final int CLASS_IN = 1;
    private static final int OPTION_CLIENT_SUBNET = 8;
    private static final int MAX_NAME = 255;
    /** Fixed part of an answer RR: name pointer, type, class, TTL, RDLENGTH. */
    private static final int RR_FIXED = 12;
    /** Fixed part of an OPT RR: root name, type, payload size, extended RCODE, version, flags, RDLENGTH. */
    private static final int OPT_FIXED = 11;
    private static final int ECS_FIXED = 8;

    private final DecisionRecorder recorder;
    private final QueryCounters counters;
    private final Clock clock;

    WireFastPath(DecisionRecorder recorder, QueryCounters counters, Clock clock) {
        this.recorder = recorder;
        this.counters = counters;
        this.clock = clock;
    }

    /** Writes the response to a UDP query into {@code out} and returns its length, or {@link #DECLINED}. */
    int answer(Authority auth, int maxUdpPayload, byte[] q, int length, InetAddress source, byte[] out) {
        if (length < HEADER + 5 || (q[2] & 0xF8) != 0 || u16(q, 4) != 1 || u16(q, 6) != 0 || u16(q, 8) != 0) {
            return DECLINED; // not a plain standard query with one question
        }
        int additional = u16(q, 10);
        int p = HEADER;
        while (true) { // the question name: uncompressed labels only
            if (p >= length) {
                return DECLINED;
            }
            int label = q[p] & 0xFF;
            if (label == 0) {
                break;
            }
            if (label > 63) {
                return DECLINED;
            }
            p += label + 1;
            if (p - HEADER >= MAX_NAME) {
                return DECLINED;
            }
        }
        int nameEnd = p + 1;
        int questionEnd = nameEnd + 4;
        if (questionEnd > length || u16(q, nameEnd + 2) != CLASS_IN) {
            return DECLINED;
        }
        int type = u16(q, nameEnd);
        if (type != TYPE_A && type != TYPE_AAAA) {
            return DECLINED;
        }

        boolean opt = false;
        int payload = 0;
        int ecsAt = -1;
        int ecsFamily = 0;
        int ecsSource = 0;
        if (additional == 1) {
            p = questionEnd;
            // root owner, type OPT, version 0; the extended RCODE and DO bit of a query change nothing we send
            if (p + OPT_FIXED > length || q[p] != 0 || u16(q, p + 1) != TYPE_OPT || q[p + 6] != 0
                    || p + OPT_FIXED + u16(q, p + 9) != length) {
                return DECLINED;
            }
            opt = true;
            payload = u16(q, p + 3);
            p += OPT_FIXED;
            while (p < length) {
                if (p + 4 > length) {
                    return DECLINED;
                }
                int code = u16(q, p);
                int size = u16(q, p + 2);
                if (code != OPTION_CLIENT_SUBNET || ecsAt >= 0 || p + 4 + size > length || size < 4) {
                    return DECLINED;
                }
                ecsFamily = u16(q, p + 4);
                ecsSource = q[p + 6] & 0xFF;
                int bits = ecsFamily == 1 ? 32 : ecsFamily == 2 ? 128 : 0;
                int addressBytes = (ecsSource + 7) / 8;
                // RFC 7871: a query's scope is 0, the address has exactly the source prefix's bytes, padded with 0
                if (bits == 0 || ecsSource > bits || q[p + 7] != 0 || size != 4 + addressBytes
                        || (ecsSource % 8 != 0 && (q[p + 7 + addressBytes] & (0xFF >>> (ecsSource % 8))) != 0)) {
                    return DECLINED;
                }
                ecsAt = p + ECS_FIXED;
                p += 4 + size;
            }
        } else if (additional != 0 || questionEnd != length) {
            return DECLINED;
        }

        NameEntry.Host host = auth.hosts().find(q, HEADER, nameEnd);
        if (host == null) {
            return DECLINED;
        }
        boolean v4 = type == TYPE_A;
        AnswerPolicy policy = v4 ? host.ipv4() : host.ipv6();
        int ecsBytes = (ecsSource + 7) / 8;
        int optSize = opt ? OPT_FIXED + (ecsAt >= 0 ? ECS_FIXED + ecsBytes : 0) : 0;
        int rrSize = RR_FIXED + (v4 ? 4 : 16);
        int limit = opt ? Math.max(QueryHandler.PLAIN_UDP_LIMIT, Math.min(payload, maxUdpPayload)) : QueryHandler.PLAIN_UDP_LIMIT;
        int largest = questionEnd + policy.candidates().size() * rrSize + optSize;
        if (policy.candidates().isEmpty() || largest > limit || largest > out.length) {
            return DECLINED; // NODATA, or an answer that might need truncating
        }

        ClientSubnet client;
        try {
            client = ecsAt < 0 ? ClientSubnet.ofResolver(source)
                    : ecsSource == 0 ? null : new ClientSubnet(InetAddress.getByAddress(ecsAddress(q, ecsAt, ecsFamily, ecsBytes)), ecsSource);
        } catch (UnknownHostException e) {
            return DECLINED; // cannot happen: the length is 4 or 16
        }
        Decision d;
        try {
            d = policy.decide(new PolicyContext(host.hostname(), client, clock.instant()));
            recorder.record(host.hostname(), v4 ? "A" : "AAAA", client, d);
        } catch (RuntimeException e) {
            return DECLINED; // the general path meets the same failure, logs it and answers SERVFAIL
        }

        boolean servfail = d.isServfail();
        int rcode = servfail ? Rcode.SERVFAIL : Rcode.NOERROR;
        out[0] = q[0];
        out[1] = q[1];
        out[2] = (byte) (0x80 | (servfail ? 0 : 0x04) | (q[2] & 0x01)); // QR, AA unless SERVFAIL, RD as asked
        out[3] = (byte) rcode;
        put16(out, 4, 1);
        put16(out, 8, 0);
        put16(out, 10, opt ? 1 : 0);
        System.arraycopy(q, HEADER, out, HEADER, questionEnd - HEADER);
        int w = questionEnd;
        int answers = 0;
        if (!servfail) {
            for (Candidate c : d.answer()) {
                byte[] a = c.address().getAddress();
                if (a.length != (v4 ? 4 : 16)) {
                    continue;
                }
                out[w] = (byte) 0xC0;
                out[w + 1] = HEADER;
                put16(out, w + 2, type);
                put16(out, w + 4, CLASS_IN);
                put32(out, w + 6, d.ttlSeconds());
                put16(out, w + 10, a.length);
                System.arraycopy(a, 0, out, w + RR_FIXED, a.length);
                w += RR_FIXED + a.length;
                answers++;
            }
        }
        put16(out, 6, answers);
        if (opt) {
            out[w] = 0;
            put16(out, w + 1, TYPE_OPT);
            put16(out, w + 3, maxUdpPayload);
            put32(out, w + 5, 0);
            put16(out, w + 9, optSize - OPT_FIXED);
            w += OPT_FIXED;
            if (ecsAt >= 0) {
                put16(out, w, OPTION_CLIENT_SUBNET);
                put16(out, w + 2, 4 + ecsBytes);
                put16(out, w + 4, ecsFamily);
                out[w + 6] = (byte) ecsSource;
                out[w + 7] = (byte) (servfail ? 0 : Math.min(d.scope(), ecsSource));
                System.arraycopy(q, ecsAt, out, w + ECS_FIXED, ecsBytes);
                w += ECS_FIXED + ecsBytes;
            }
        }
        counters.answered(false, rcode);
        return w;
    }

    private static byte[] ecsAddress(byte[] q, int at, int family, int bytes) {
        byte[] a = new byte[family == 1 ? 4 : 16];
        System.arraycopy(q, at, a, 0, bytes);
        return a;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) (v >>> 16));
        put16(b, at + 2, (int) v);
    }
}
