package dev.meridian.gtm.dns;

import java.util.Map;

/**
 * The CDN hostnames (not apexes) looked up straight from a query's wire-format name, without building a
 * dnsjava {@link org.xbill.DNS.Name}: an open-addressing table keyed by the lower-cased wire name, compared
 * ASCII case-insensitively as DNS names compare. Immutable; built with its {@link Authority}.
 */
final class HostIndex {
    private final byte[][] keys;
    private final NameEntry.Host[] hosts;
    private final int mask;

    HostIndex(Map<byte[], NameEntry.Host> byLowerWireName) {
        int capacity = Integer.highestOneBit(Math.max(4, byLowerWireName.size() * 2) - 1) << 1;
        keys = new byte[capacity][];
        hosts = new NameEntry.Host[capacity];
        mask = capacity - 1;
        byLowerWireName.forEach((key, host) -> {
            int i = hash(key, 0, key.length) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hosts[i] = host;
        });
    }

    /** The hostname whose wire name is {@code packet[from, to)}, in any letter case; null when it is none of ours. */
    NameEntry.Host find(byte[] packet, int from, int to) {
        for (int i = hash(packet, from, to) & mask; keys[i] != null; i = (i + 1) & mask) {
            if (sameName(keys[i], packet, from, to)) {
                return hosts[i];
            }
        }
        return null;
    }

    private static boolean sameName(byte[] key, byte[] packet, int from, int to) {
        if (key.length != to - from) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (key[k] != lower(packet[from + k])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + lower(b[i]);
        }
        return h ^ (h >>> 16);
    }

    /** Label length bytes (at most 63) never fall in 'A'..'Z', so the whole wire name can be lower-cased bytewise. */
    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
