package dev.meridian.edge.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.edge.http.HeaderField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterimHeadsTest {
    private record Interim(int status, List<HeaderField> fields) {
    }

    private final List<Interim> seen = new ArrayList<>();
    private final InterimHeads heads = new InterimHeads((status, fields) -> seen.add(new Interim(status, fields)));

    private void feedInPieces(String text, int piece) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length && !heads.done(); i += piece) {
            heads.feed(b, i, Math.min(piece, b.length - i));
        }
    }

    @Test
    void interimHeadsBeforeTheFinalStatusLineAreReportedInWhateverPiecesTheyCome() {
        for (int piece : new int[] {1, 3, 7, 1000}) {
            seen.clear();
            InterimHeads fresh = new InterimHeads((status, fields) -> seen.add(new Interim(status, fields)));
            byte[] b = ("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nLink: </b.js>\r\n\r\n"
                    + "HTTP/1.1 103 Early Hints\nLink: </c.css>\n\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 103 not a head").getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < b.length && !fresh.done(); i += piece) {
                fresh.feed(b, i, Math.min(piece, b.length - i));
            }
            assertThat(fresh.done()).isTrue();
            assertThat(seen).as("pieces of " + piece).containsExactly(
                    new Interim(103, List.of(new HeaderField("Link", "</a.css>; rel=preload"), new HeaderField("Link", "</b.js>"))),
                    new Interim(103, List.of(new HeaderField("Link", "</c.css>"))));
        }
    }

    @Test
    void aFinalResponseAloneReportsNothing() {
        feedInPieces("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 4);
        assertThat(heads.done()).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void continueIsNotReportedAndGarbageEndsTheWatch() {
        feedInPieces("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", 5);
        assertThat(seen).isEmpty();
        assertThat(heads.done()).isTrue();

        InterimHeads garbled = new InterimHeads((s, f) -> seen.add(new Interim(s, f)));
        byte[] b = "HTTP/1.1 103 Early Hints\r\nno colon here\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        garbled.feed(b, 0, b.length);
        assertThat(garbled.done()).isTrue();
        assertThat(seen).isEmpty();
    }

    @Test
    void boundedInBytesAndInInterimResponses() {
        String huge = "HTTP/1.1 103 Early Hints\r\nLink: " + "x".repeat(InterimHeads.MAX_HEAD_BYTES) + "\r\n\r\n";
        feedInPieces(huge, 512);
        assertThat(heads.done()).isTrue();
        assertThat(seen).isEmpty();

        InterimHeads many = new InterimHeads((s, f) -> seen.add(new Interim(s, f)));
        byte[] one = "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 20 && !many.done(); i++) {
            many.feed(one, 0, one.length);
        }
        assertThat(seen).hasSize(InterimHeads.MAX_INTERIM);
    }
}
