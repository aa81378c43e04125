package dev.meridian.gtm.map;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Block arithmetic the map needs on top of {@link Cidr}: halving, nesting and a stable order. */
public final class Blocks {
    /** IPv4 before IPv6, then by network address, then shorter prefix first. */
    public static final Comparator<Cidr> ORDER = Comparator
            .comparingInt((Cidr c) -> c.network().getAddress().length)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.network().getAddress(), b.network().getAddress()))
            .thenComparingInt(Cidr::prefix);

    private Blocks() {}

    public static int maxPrefix(Cidr block) {
        return block.network().getAddress().length * 8;
    }

    /** Whether {@code inner} lies wholly inside {@code outer}. */
    public static boolean contains(Cidr outer, Cidr inner) {
        return inner.prefix() >= outer.prefix() && outer.contains(inner.network());
    }

    /** The two blocks one bit longer that make up {@code block}. */
    public static List<Cidr> halves(Cidr block) {
        int prefix = block.prefix();
        if (prefix == maxPrefix(block)) {
            throw new IllegalStateException(block + " is a single address");
        }
        byte[] upper = block.network().getAddress();
        upper[prefix / 8] |= (byte) (0x80 >>> (prefix % 8));
        try {
            return List.of(Cidr.of(block.network(), prefix + 1), Cidr.of(InetAddress.getByAddress(upper), prefix + 1));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
