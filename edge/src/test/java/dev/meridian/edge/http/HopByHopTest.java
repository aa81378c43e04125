package dev.meridian.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HopByHopTest {
    @Test
    void fixedSetAndFieldsNamedInConnectionAreHopByHop() {
        assertThat(HopByHop.isHopByHop("Keep-Alive", null)).isTrue();
        assertThat(HopByHop.isHopByHop("Transfer-Encoding", List.of())).isTrue();
        assertThat(HopByHop.isHopByHop("X-Secret", List.of("close, X-Secret"))).isTrue();
        assertThat(HopByHop.isHopByHop("Cache-Control", List.of("close, X-Secret"))).isFalse();
    }
}
