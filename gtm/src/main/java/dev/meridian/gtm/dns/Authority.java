package dev.meridian.gtm.dns;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Everything the server is authoritative for, built from one config: the zones, the names in them, and the
 * empty non-terminals between (names that exist only because something lies below them: NODATA, not
 * NXDOMAIN). Immutable; a reload builds a new one. dnsjava's {@link Name} compares case-insensitively, so
 * lookups take the name as the client wrote it.
 */
final class Authority {
    private final List<Zone> zones;
    private final Map<Name, NameEntry> names;
    private final Set<Name> emptyNonTerminals;
    private final HostIndex hosts;

    Authority(List<Zone> zones, Map<Name, NameEntry> names, Set<Name> emptyNonTerminals) {
        this.zones = List.copyOf(zones);
        this.names = Map.copyOf(names);
        this.emptyNonTerminals = Set.copyOf(emptyNonTerminals);
        IdentityHashMap<byte[], NameEntry.Host> hostNames = new IdentityHashMap<>();
        this.names.forEach((name, entry) -> {
            if (entry instanceof NameEntry.Host host && zoneOf(name) != null
                    && this.zones.stream().noneMatch(z -> z.origin().equals(name))) {
                hostNames.put(name.toWireCanonical(), host);
            }
        });
        this.hosts = new HostIndex(hostNames);
    }

    /** The most specific zone holding the name, or null when the name is not ours. */
    Zone zoneOf(Name name) {
        Zone best = null;
        for (Zone z : zones) {
            if (name.subdomain(z.origin()) && (best == null || z.origin().labels() > best.origin().labels())) {
                best = z;
            }
        }
        return best;
    }

    NameEntry entry(Name name) {
        return names.get(name);
    }

    /** Whether the name exists in the zone at all (apex, a served name, or an empty non-terminal). */
    boolean exists(Zone zone, Name name) {
        return name.equals(zone.origin()) || names.containsKey(name) || emptyNonTerminals.contains(name);
    }

    /** The CDN hostnames below their zone's apex, for lookups straight from wire bytes. */
    HostIndex hosts() {
        return hosts;
    }

    List<Zone> zones() {
        return zones;
    }
}
