package dev.meridian.gtm.dns;

import dev.meridian.gtm.policy.AnswerPolicy;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/** What the GTM serves at one owner name. */
sealed interface NameEntry {
    /** A CDN hostname: A and AAAA answers come from its policy chains (one per family). */
    record Host(String hostname, long ttlSeconds, AnswerPolicy ipv4, AnswerPolicy ipv6) implements NameEntry {
    }

    /** A customer hostname that is a CNAME of a CDN hostname. */
    record Alias(Name target, long ttlSeconds) implements NameEntry {
    }

    /** A fixed name with fixed addresses: the nameservers' glue. */
    record Fixed(List<InetAddress> addresses) implements NameEntry {
    }
}
