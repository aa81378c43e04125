package dev.meridian.core.net;

import dev.meridian.core.config.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 block: a network address with every bit past the prefix cleared. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final int hash;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
        this.hash = 31 * Arrays.hashCode(network) + prefix;
    }

    /** The block of the given length that holds the address. */
    public static Cidr of(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix " + prefix + " does not fit " + address.getHostAddress());
        }
        return new Cidr(truncate(bytes, prefix), prefix);
    }

    /** Parses {@code 10.1.0.0/16}; host bits may be set and are cleared. Literals only, never a lookup. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
        return of(IpAddresses.parse(text.substring(0, slash)),
                Integer.parseInt(text.substring(slash + 1)));
    }

    public int prefix() {
        return prefix;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && commonPrefix(a) >= prefix;
    }

    /**
     * The shortest prefix of the address's own block that lies wholly inside or wholly outside this
     * block: how many leading bits of a client address a yes/no on {@link #contains} depends on.
     */
    public int decidingPrefix(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return 0;
        }
        return Math.min(prefix, commonPrefix(a) + 1);
    }

    private int commonPrefix(byte[] a) {
        int bits = 0;
        for (int i = 0; i < a.length && bits < prefix; i++) {
            int diff = (a[i] ^ network[i]) & 0xff;
            if (diff != 0) {
                return Math.min(prefix, bits + Integer.numberOfLeadingZeros(diff) - 24);
            }
            bits += 8;
        }
        return Math.min(bits, prefix);
    }

    private static byte[] truncate(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.prefix == prefix && Arrays.equals(other.network, network);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return network().getHostAddress() + "/" + prefix;
    }
}
