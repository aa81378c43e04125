package dev.meridian.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VaryNormalisationTest {
    /** Field, two values (lines separated by '|'), and whether they must share a variant. */
    static Stream<Arguments> pairs() {
        return Stream.of(
                // Accept-Encoding: codings in any order and case, weights in any spelling.
                Arguments.of("accept-encoding", "gzip, br", "br,gzip", true),
                Arguments.of("accept-encoding", "GZIP, Br", "br, gzip", true),
                Arguments.of("accept-encoding", "gzip|br", "br, gzip", true),
                Arguments.of("accept-encoding", "gzip;q=1.0, br;q=0.50", "br ; Q=0.5,gzip", true),
                Arguments.of("accept-encoding", "gzip, , br,", "br,gzip", true),
                Arguments.of("accept-encoding", "gzip;q=0", "gzip", false),
                Arguments.of("accept-encoding", "gzip;q=0.5", "gzip;q=0.4", false),
                Arguments.of("accept-encoding", "gzip", "gzip, br", false),
                // Accept-Language: tags in any case; reordered across weights, never among equal ones.
                Arguments.of("accept-language", "en-US, fr", "EN-us ,fr", true),
                Arguments.of("accept-language", "en;q=0.5, fr", "fr, en;q=0.500", true),
                Arguments.of("accept-language", "de, en;q=0.8, fr;q=0.9", "fr;q=0.9, de, en;q=0.8", true),
                Arguments.of("accept-language", "en, fr", "fr;q=1.0, en", false),
                Arguments.of("accept-language", "en, fr", "fr, en", false),
                Arguments.of("accept-language", "en", "en-us", false),
                // Accept: type, subtype and parameter names in any case; parameter values as sent.
                Arguments.of("accept", "text/html, application/json;q=0.9", "application/JSON ; q=0.9,TEXT/html", true),
                Arguments.of("accept", "text/html;Level=1", "text/html;level=1", true),
                Arguments.of("accept", "text/html;level=A", "text/html;level=a", false),
                Arguments.of("accept", "text/html, text/plain", "text/plain, text/html", false),
                // Not the field's syntax: only trimmed, so nothing is merged that might differ.
                Arguments.of("accept-encoding", "gzip;q=2, br", "br, gzip;q=2", false),
                Arguments.of("accept-encoding", " gzip;q=2, br ", "gzip;q=2, br", true),
                Arguments.of("accept", "text/html;x=\"a, b\"", "text/html;x=\"a,b\"", false),
                // Unknown fields: only leading and trailing whitespace.
                Arguments.of("x-device", "  phone ", "phone", true),
                Arguments.of("x-device", "Phone", "phone", false),
                Arguments.of("x-device", "a, b", "a,b", false),
                Arguments.of("user-agent", "Mozilla/5.0 (X11; Linux)", "Mozilla/5.0 (X11;Linux)", false));
    }

    @ParameterizedTest(name = "{0}: \"{1}\" vs \"{2}\" → same: {3}")
    @MethodSource("pairs")
    void equivalentValuesShareAVariantAndOthersDoNot(String field, String a, String b, boolean same) {
        String na = VaryNormalisation.normalise(field, lines(a));
        String nb = VaryNormalisation.normalise(field, lines(b));
        if (same) {
            assertThat(na).isEqualTo(nb);
        } else {
            assertThat(na).isNotEqualTo(nb);
        }
    }

    /** The normalised form itself: what a variant key holds. */
    static Stream<Arguments> forms() {
        return Stream.of(
                Arguments.of("accept-encoding", "br;q=1.000, GZIP;q=0.250, identity;q=0", "br,gzip;q=0.25,identity;q=0"),
                Arguments.of("accept-language", "fr;q=0.7, EN-gb, de;q=0.7", "en-gb,fr;q=0.7,de;q=0.7"),
                Arguments.of("accept", "*/*;q=0.1, Text/HTML;Charset=UTF-8", "text/html;charset=UTF-8,*/*;q=0.1"),
                Arguments.of("x-anything", " a ,b |c", "a ,b, c"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\" → \"{2}\"")
    @MethodSource("forms")
    void valuesAreWrittenInOneForm(String field, String value, String expected) {
        assertThat(VaryNormalisation.normalise(field, lines(value))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "q={0} → {1}")
    @MethodSource("qvalues")
    void weightsAreReadAsRfc9110Allows(String q, int thousandths) {
        assertThat(VaryNormalisation.qvalue(q)).isEqualTo(thousandths);
    }

    static Stream<Arguments> qvalues() {
        return Stream.of(Arguments.of("1", 1000), Arguments.of("1.000", 1000), Arguments.of("0", 0), Arguments.of("0.", 0),
                Arguments.of("0.5", 500), Arguments.of("0.05", 50), Arguments.of("0.001", 1), Arguments.of("1.5", -1),
                Arguments.of("0.0001", -1), Arguments.of(".5", -1), Arguments.of("", -1), Arguments.of("2", -1));
    }

    private static List<String> lines(String v) {
        return Arrays.asList(v.split("\\|", -1));
    }
}
