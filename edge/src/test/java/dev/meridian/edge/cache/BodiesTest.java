package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodiesTest {
    @Test
    void smallBodiesStayOnTheHeapLargeOnesGoDirectWithTheSameBytes() {
        byte[] small = new byte[Bodies.DIRECT_THRESHOLD - 1];
        byte[] large = new byte[Bodies.DIRECT_THRESHOLD];
        new Random(1).nextBytes(large);
        assertThat(Bodies.of(small).isDirect()).isFalse();
        ByteBuffer direct = Bodies.of(large);
        assertThat(direct.isDirect()).isTrue();
        assertThat(direct.remaining()).isEqualTo(large.length);
        byte[] back = new byte[large.length];
        direct.get(back);
        assertThat(back).isEqualTo(large);
    }
}
