package dev.meridian.gtm.dns;

import java.util.List;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;

/** One zone the GTM is authoritative for: its apex records. */
record Zone(Name origin, SOARecord soa, List<NSRecord> nameservers) {
}
