package dev.meridian.gtm.net;

import dev.meridian.core.net.Cidr;
import java.net.InetAddress;

/**
 * Who an answer is for: the client subnet from EDNS Client Subnet, or else the resolver's own address
 * (a full-length prefix). Decisions never look at more than {@code sourcePrefix} bits.
 */
public record ClientSubnet(InetAddress address, int sourcePrefix) {
    public static ClientSubnet ofResolver(InetAddress resolver) {
        return new ClientSubnet(resolver, resolver.getAddress().length * 8);
    }

    /** The client's block of at most {@code prefix} bits (fewer if the client disclosed fewer). */
    public Cidr block(int prefix) {
        return Cidr.of(address, Math.min(prefix, sourcePrefix));
    }

    public boolean isIpv4() {
        return address.getAddress().length == 4;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + sourcePrefix;
    }
}
