package dev.meridian.edge.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of the flood bound: following frames through a byte stream, what counts, and the budget. */
class FloodWatchTest {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] frame(int type, int flags, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags, 0, 0, 0, 1});
        out.writeBytes(new byte[length]);
        return out.toByteArray();
    }

    @Test
    void framesAreFollowedPastThePrefaceAndPayloadsInWhateverPiecesTheBytesCome() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(PREFACE);
        stream.writeBytes(frame(FrameHeaders.SETTINGS, 0, 12));
        stream.writeBytes(frame(FrameHeaders.HEADERS, FrameHeaders.END_HEADERS, 70_000));
        stream.writeBytes(frame(FrameHeaders.PING, FrameHeaders.END_STREAM_OR_ACK, 8));
        byte[] bytes = stream.toByteArray();
        for (int piece : new int[] {1, 7, 9, 4096, bytes.length}) {
            FrameHeaders headers = new FrameHeaders();
            List<String> seen = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += piece) {
                ByteBuffer read = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
                assertThat(headers.feed(read, (type, flags, length) -> seen.add(type + "/" + flags + "/" + length))).isTrue();
                assertThat(read.position()).as("only looked at").isEqualTo(at);
            }
            assertThat(seen).as("in pieces of %d", piece).containsExactly("4/0/12", "1/4/70000", "6/1/8");
        }
    }

    @Test
    void theListenerStopsTheFeed() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(PREFACE);
        for (int i = 0; i < 3; i++) {
            stream.writeBytes(frame(FrameHeaders.SETTINGS, 0, 0));
        }
        List<Integer> seen = new ArrayList<>();
        boolean fed = new FrameHeaders().feed(ByteBuffer.wrap(stream.toByteArray()), (type, flags, length) -> {
            seen.add(type);
            return seen.size() < 2;
        });
        assertThat(fed).isFalse();
        assertThat(seen).hasSize(2);
    }

    @Test
    void whatCostsTheEdgeWorkForNothing() {
        assertThat(FloodWatch.costly(FrameHeaders.SETTINGS, 0, 6)).isTrue();
        assertThat(FloodWatch.costly(FrameHeaders.SETTINGS, FrameHeaders.END_STREAM_OR_ACK, 0)).as("an ACK is owed nothing").isFalse();
        assertThat(FloodWatch.costly(FrameHeaders.PING, 0, 8)).isTrue();
        assertThat(FloodWatch.costly(FrameHeaders.PING, FrameHeaders.END_STREAM_OR_ACK, 8)).isFalse();
        assertThat(FloodWatch.costly(FrameHeaders.DATA, 0, 0)).isTrue();
        assertThat(FloodWatch.costly(FrameHeaders.DATA, FrameHeaders.END_STREAM_OR_ACK, 0)).as("ends a request body").isFalse();
        assertThat(FloodWatch.costly(FrameHeaders.DATA, 0, 1)).isFalse();
        assertThat(FloodWatch.costly(FrameHeaders.CONTINUATION, 0, 0)).isTrue();
        assertThat(FloodWatch.costly(FrameHeaders.CONTINUATION, FrameHeaders.END_HEADERS, 0)).isFalse();
        assertThat(FloodWatch.costly(FrameHeaders.HEADERS, FrameHeaders.END_HEADERS, 30)).isFalse();
    }

    @Test
    void theBudgetIsSpentWithinAWindowAndRenewedAfterIt() {
        FrameBudget budget = new FrameBudget(3, 1_000);
        assertThat(budget.spend(10)).isTrue();
        assertThat(budget.spend(20)).isTrue();
        assertThat(budget.spend(1_009)).isTrue();
        assertThat(budget.spend(1_009)).as("a fourth within the window that opened at 10").isFalse();
        assertThat(budget.spend(1_010)).as("a new window").isTrue();
        assertThat(budget.spend(1_500)).isTrue();
    }
}
