package dev.meridian.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.IpAddresses;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void containsAndNormalises() {
        Cidr block = Cidr.parse("10.1.255.255/16");
        assertThat(block.toString()).isEqualTo("10.1.0.0/16");
        assertThat(block.contains(IpAddresses.parse("10.1.200.3"))).isTrue();
        assertThat(block.contains(IpAddresses.parse("10.2.0.0"))).isFalse();
        assertThat(block.contains(IpAddresses.parse("::1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains(IpAddresses.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(IpAddresses.parse("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("10.1.0.0/16")).isEqualTo(Cidr.of(IpAddresses.parse("10.1.9.9"), 16));
    }

    @Test
    void decidingPrefixIsWhereTheClientFirstDiffersFromTheBlock() {
        Cidr block = Cidr.parse("10.2.0.0/16");
        assertThat(block.decidingPrefix(IpAddresses.parse("10.2.3.4"))).isEqualTo(16);
        assertThat(block.decidingPrefix(IpAddresses.parse("10.3.0.0"))).isEqualTo(16);
        assertThat(block.decidingPrefix(IpAddresses.parse("10.0.0.0"))).isEqualTo(15);
        assertThat(block.decidingPrefix(IpAddresses.parse("11.0.0.0"))).isEqualTo(8);
        assertThat(block.decidingPrefix(IpAddresses.parse("138.0.0.0"))).isEqualTo(1);
    }
}
