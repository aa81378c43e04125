package dev.meridian.uplink.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PurgeSpecTest {
    private static PurgeSpec parse(String json) throws PurgeSpec.Malformed {
        return PurgeSpec.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesEachKindAndWritesItBackAsThePopTakesIt() throws Exception {
        assertThat(parse("{\"url\": \" http://acme.cdn.test/a.jpg \"}")).isEqualTo(new PurgeSpec(PurgeKind.URL, "http://acme.cdn.test/a.jpg", false));
        assertThat(parse("{\"prefix\": \"http://acme.cdn.test/i/\", \"soft\": true}").soft()).isTrue();
        assertThat(parse("{\"host\": \"acme.cdn.test\"}").kind()).isEqualTo(PurgeKind.HOST);
        PurgeSpec tag = parse("{\"tag\": \"product-42\"}");

        assertThat(tag.kind()).isEqualTo(PurgeKind.TAG);
        assertThat(tag.toJson()).isEqualTo("{\"tag\":\"product-42\",\"soft\":false}");
        assertThat(parse(tag.toJson())).isEqualTo(tag);
    }

    @Test
    void refusesWhatThePopWouldRefuseWithTheReason() {
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"url\": \"a\", \"tag\": \"b\"}")).hasMessage("give exactly one of url, prefix, host or tag");
        assertThatThrownBy(() -> parse("{\"soft\": true}")).hasMessage("give one of url, prefix, host or tag");
        assertThatThrownBy(() -> parse("{\"path\": \"/a\"}")).hasMessageContaining("unknown field 'path'");
        assertThatThrownBy(() -> parse("{\"tag\": \"two words\"}")).hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> parse("{\"tag\": \"" + "t".repeat(257) + "\"}")).hasMessageContaining("256");
        assertThatThrownBy(() -> parse("{\"url\": \"http://a/\", \"soft\": \"yes\"}")).hasMessage("soft must be true or false");
        assertThatThrownBy(() -> parse("not json")).hasMessageStartingWith("body is not JSON");
    }
}
