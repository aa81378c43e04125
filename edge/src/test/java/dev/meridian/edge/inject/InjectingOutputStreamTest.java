package dev.meridian.edge.inject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.config.ImagingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming injector: same placement however the document is cut into writes, in bounded memory. */
class InjectingOutputStreamTest {
    private final MeasurementScripts scripts = new MeasurementScripts(ImagingConfig.defaults());
    private final HtmlRewriter rewriter = new HtmlRewriter(scripts);

    private static final String BODY = "<p>" + "text ".repeat(300) + "</p>";

    /** Writes {@code doc} in pieces cut at {@code cuts}. */
    private byte[] written(byte[] doc, Charset charset, int... cuts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream in = rewriter.injecting(out, charset)) {
            int from = 0;
            for (int cut : cuts) {
                in.write(doc, from, cut - from);
                from = cut;
            }
            in.write(doc, from, doc.length - from);
        }
        return out.toByteArray();
    }

    private String expected(String before, String between, String after) {
        return before + scripts.start() + between + scripts.end(between.length()) + after;
    }

    @Test
    void tagsSplitAcrossWritesAreFoundAtEveryCut() throws IOException {
        record Case(String doc, String expected) {
        }
        List<Case> cases = List.of(
                new Case("<!DOCTYPE html>\n<html><body>" + BODY + "</body></html>\n",
                        expected("<!DOCTYPE html>", "\n<html><body>" + BODY, "</body></html>\n")),
                new Case("  \n<!doctype html><HTML><BODY>" + BODY + "</BODY></HTML>",
                        expected("  \n<!doctype html>", "<HTML><BODY>" + BODY, "</BODY></HTML>")),
                new Case("<html>" + BODY + "</html>", expected("", "<html>" + BODY, "</html>")),
                // The last </body> counts: an earlier one (in a script, say) is passed over.
                new Case("<body><script>'</body>'</script>" + BODY + "</body></html>",
                        expected("", "<body><script>'</body>'</script>" + BODY, "</body></html>")),
                new Case("<p>" + BODY, expected("", "<p>" + BODY, "")));
        for (Case c : cases) {
            byte[] doc = c.doc().getBytes(StandardCharsets.ISO_8859_1);
            for (int cut = 0; cut <= doc.length; cut++) {
                assertThat(new String(written(doc, StandardCharsets.ISO_8859_1, cut), StandardCharsets.ISO_8859_1))
                        .as("cut at %d of %s", cut, c.doc().substring(0, 20)).isEqualTo(c.expected());
            }
            int[] everyByte = new int[doc.length];
            for (int i = 0; i < doc.length; i++) {
                everyByte[i] = i;
            }
            assertThat(new String(written(doc, StandardCharsets.ISO_8859_1, everyByte), StandardCharsets.ISO_8859_1))
                    .isEqualTo(c.expected());
        }
    }

    @Test
    void utf16IsLaidOutAsBrowsersReadItWhateverTheCuts() throws IOException {
        String doc = "<!DOCTYPE html><html><body>\u00e9t\u00e9 \u65e5\u672c" + BODY + "</body></html>";
        for (Charset declared : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE)) {
            byte[] le = ("\uFEFF" + doc).getBytes(StandardCharsets.UTF_16LE);
            for (int cut : new int[] {1, 2, 3, 17, 31, le.length - 13}) {
                String out = new String(written(le, declared, cut), StandardCharsets.UTF_16LE);
                assertThat(out).as("%s cut %d", declared, cut).startsWith("\uFEFF<!DOCTYPE html>" + scripts.start())
                        .contains("\u00e9t\u00e9 \u65e5\u672c").endsWith("</script></body></html>");
            }
        }
        // The mark decides even when the Content-Type names no charset (read as ISO-8859-1 otherwise).
        byte[] le = ("\uFEFF" + doc).getBytes(StandardCharsets.UTF_16LE);
        assertThat(new String(written(le, StandardCharsets.ISO_8859_1, 7), StandardCharsets.UTF_16LE))
                .startsWith("\uFEFF<!DOCTYPE html>" + scripts.start()).endsWith("</script></body></html>");
        byte[] be = ("\uFEFF" + doc).getBytes(StandardCharsets.UTF_16BE);
        assertThat(new String(written(be, StandardCharsets.UTF_16LE, 7), StandardCharsets.UTF_16BE))
                .startsWith("\uFEFF<!DOCTYPE html>" + scripts.start()).endsWith("</script></body></html>");
        // Without a mark, the label utf-16 means little-endian to browsers.
        String out = new String(written(doc.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16, 5),
                StandardCharsets.UTF_16LE);
        String between = "<html><body>\u00e9t\u00e9 \u65e5\u672c" + BODY;
        assertThat(out).isEqualTo("<!DOCTYPE html>" + scripts.start() + between + scripts.end(2L * between.length())
                + "</body></html>");
    }

    @Test
    void aLargeDocumentStreamsThroughInBoundedMemoryWithTheScriptsInPlace() throws IOException {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><title>big</title></head><body>");
        Random random = new Random(6);
        while (b.length() < 3_000_000) {
            b.append("<div class=\"row\">").append(random.nextInt()).append(" caf\u00e9</div>\n");
        }
        b.append("</body></html>\n");
        byte[] doc = b.toString().getBytes(StandardCharsets.UTF_8);
        CountingSink sink = new CountingSink();
        OutputStream in = rewriter.injecting(sink, StandardCharsets.UTF_8);
        int at = 0;
        long mostHeld = 0;
        while (at < doc.length) {
            int n = Math.min(doc.length - at, 1 + random.nextInt(40_000));
            in.write(doc, at, n);
            at += n;
            mostHeld = Math.max(mostHeld, at + scripts.start().length() - sink.size());
        }
        in.close();
        assertThat(mostHeld).as("bytes held back at most").isLessThanOrEqualTo(InjectingOutputStream.TAIL_LIMIT
                + InjectingOutputStream.HEAD_LIMIT + 40_000);
        String out = sink.text();
        int start = "<!DOCTYPE html>".length();
        int end = b.lastIndexOf("</body>");
        long between = new String(doc, StandardCharsets.UTF_8).substring(start, end).getBytes(StandardCharsets.UTF_8).length;
        assertThat(out).isEqualTo(b.substring(0, start) + scripts.start() + b.substring(start, end) + scripts.end(between)
                + b.substring(end));
    }

    @Test
    void aClosingTagFollowedByMoreThanTheTailLimitIsNotTheEnd() throws IOException {
        String tail = "<!-- " + "x".repeat(InjectingOutputStream.TAIL_LIMIT + 10) + " -->";
        String doc = "<html><body>" + BODY + "</body></html>" + tail;
        String out = new String(written(doc.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII, 100, 5000),
                StandardCharsets.US_ASCII);
        assertThat(out).startsWith(scripts.start()).endsWith(tail + scripts.end(doc.length()));
    }

    @Test
    void aDoctypeThatNeverClosesGetsTheScriptAtTheStart() throws IOException {
        String doc = "<!doctype " + "a".repeat(InjectingOutputStream.HEAD_LIMIT + 100) + BODY;
        String out = new String(written(doc.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII, 7),
                StandardCharsets.US_ASCII);
        assertThat(out).startsWith(scripts.start() + "<!doctype aaa");
    }

    /** Counts what reached the client while keeping it. */
    private static final class CountingSink extends ByteArrayOutputStream {
        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
