package dev.meridian.edge.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request header's value as a Vary secondary key: normalised by the field's syntax, so requests a
 * server must treat alike share one variant, and never further, so requests it may tell apart do not.
 *
 * <table>
 *   <caption>What counts as the same value</caption>
 *   <tr><th>field</th><th>case</th><th>order of elements</th></tr>
 *   <tr><td>Accept-Encoding, Accept-Charset (RFC 9110 12.5.3, 12.5.2)</td><td>ignored (codings and
 *       charsets are case-insensitive tokens)</td><td>ignored: the weights alone rank them</td></tr>
 *   <tr><td>Accept-Language (12.5.4)</td><td>ignored (RFC 4647 ranges)</td><td rowspan="2">elements of
 *       different weights may be reordered; elements of equal weight keep their order, since RFC 9110
 *       notes that recipients may read it as a preference among them</td></tr>
 *   <tr><td>Accept (12.5.1)</td><td>ignored in type, subtype and parameter names; kept in parameter
 *       values</td></tr>
 *   <tr><td>any other field</td><td>kept</td><td>kept; only leading and trailing whitespace goes</td></tr>
 * </table>
 *
 * <p>In the four list fields whitespace around commas and semicolons means nothing, empty elements
 * are dropped, and a weight is written in one form ({@code q=1.0} and no weight are the same;
 * {@code q=0.50} is {@code q=0.5}). So {@code en;q=0.5, fr} equals {@code fr, EN;q=0.500}, while
 * {@code en, fr} and {@code fr;q=1.0, en} stay two variants: their weighted sets are equal, but the
 * order of two equal weights is the one thing that tells them apart, and a server may use it. A value
 * that does not parse as its field's syntax (a quoted string, a weight out of range, an unknown
 * parameter) is only trimmed, as an unknown field's is.
 */
public final class VaryNormalisation {
    /** How a field's value is read. */
    enum Syntax {
        /** Weighted tokens whose order means nothing. */
        UNORDERED_TOKENS,
        /** Weighted language ranges: ties keep their order. */
        LANGUAGE_RANGES,
        /** Weighted media ranges with parameters: ties keep their order. */
        MEDIA_RANGES,
        /** Not a syntax the edge knows: trimmed only. */
        OPAQUE
    }

    private static final int Q_ONE = 1000;
    private static final Pattern LANGUAGE_RANGE = Pattern.compile("[a-z]{1,8}(-[a-z0-9]{1,8})*");
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private VaryNormalisation() {
    }

    static Syntax syntaxOf(String lowerName) {
        return switch (lowerName) {
            case "accept-encoding", "accept-charset" -> Syntax.UNORDERED_TOKENS;
            case "accept-language" -> Syntax.LANGUAGE_RANGES;
            case "accept" -> Syntax.MEDIA_RANGES;
            default -> Syntax.OPAQUE;
        };
    }

    /** The normalised value of a field's lines ({@code name} in lower case), as a variant key holds it. */
    public static String normalise(String lowerName, Collection<String> values) {
        StringBuilder b = new StringBuilder();
        append(b, lowerName, values);
        return b.toString();
    }

    /** Appends the normalised value of a field's lines ({@code name} in lower case). */
    static void append(StringBuilder b, String lowerName, Collection<String> values) {
        Syntax syntax = syntaxOf(lowerName);
        if (syntax != Syntax.OPAQUE) {
            List<Element> elements = parse(syntax, values);
            if (elements != null) {
                if (syntax == Syntax.UNORDERED_TOKENS) {
                    elements.sort(Comparator.comparing(Element::value).thenComparing(e -> -e.q()));
                } else {
                    // Stable: equal weights keep the order the client gave them.
                    elements.sort(Comparator.comparingInt(e -> -e.q()));
                }
                for (int i = 0; i < elements.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    elements.get(i).appendTo(b);
                }
                return;
            }
        }
        boolean first = true;
        for (String v : values) {
            if (!first) {
                b.append(", ");
            }
            b.append(v.strip());
            first = false;
        }
    }

    /** One list element: its value (with parameters, normalised) and its weight in thousandths. */
    private record Element(String value, int q) {
        void appendTo(StringBuilder b) {
            b.append(value);
            if (q != Q_ONE) {
                b.append(";q=").append(q == 0 ? "0" : stripZeros("0." + String.format(Locale.ROOT, "%03d", q)));
            }
        }

        private static String stripZeros(String s) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            return s.substring(0, end);
        }
    }

    /** The elements of every line, or null when one does not parse as the syntax. */
    private static List<Element> parse(Syntax syntax, Collection<String> values) {
        List<Element> out = new ArrayList<>();
        for (String line : values) {
            if (line.indexOf('"') >= 0) {
                return null;
            }
            for (String item : line.split(",", -1)) {
                if (item.isBlank()) {
                    continue;
                }
                Element e = element(syntax, item);
                if (e == null) {
                    return null;
                }
                out.add(e);
            }
        }
        return out;
    }

    private static Element element(Syntax syntax, String item) {
        String[] parts = item.split(";", -1);
        String value = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!validValue(syntax, value)) {
            return null;
        }
        StringBuilder normalised = new StringBuilder(value);
        int q = Q_ONE;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            if (eq <= 0 || eq == param.length() - 1 || !isToken(param, 0, eq) || !isToken(param, eq + 1, param.length())) {
                return null;
            }
            String name = param.substring(0, eq).toLowerCase(Locale.ROOT);
            if (name.equals("q")) {
                q = qvalue(param.substring(eq + 1));
                if (q < 0 || i != parts.length - 1 && !restEmpty(parts, i + 1)) {
                    // RFC 9110 12.4.2: the weight comes last.
                    return null;
                }
            } else if (syntax == Syntax.MEDIA_RANGES) {
                normalised.append(';').append(name).append('=').append(param, eq + 1, param.length());
            } else {
                return null;
            }
        }
        return new Element(normalised.toString(), q);
    }

    private static boolean restEmpty(String[] parts, int from) {
        for (int i = from; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static boolean validValue(Syntax syntax, String v) {
        return switch (syntax) {
            case UNORDERED_TOKENS -> !v.isEmpty() && isToken(v, 0, v.length());
            case LANGUAGE_RANGES -> v.equals("*") || LANGUAGE_RANGE.matcher(v).matches();
            case MEDIA_RANGES -> {
                int slash = v.indexOf('/');
                yield slash > 0 && slash < v.length() - 1 && isToken(v, 0, slash) && isToken(v, slash + 1, v.length());
            }
            case OPAQUE -> false;
        };
    }

    /** RFC 9110 5.6.7 qvalue in thousandths, or -1. */
    static int qvalue(String s) {
        if (!QVALUE.matcher(s).matches()) {
            return -1;
        }
        if (s.charAt(0) == '1') {
            return Q_ONE;
        }
        String digits = s.length() > 2 ? s.substring(2) : "";
        return digits.isEmpty() ? 0 : Integer.parseInt((digits + "00").substring(0, 3));
    }

    /** RFC 9110 5.6.2 token characters only, and at least one. */
    private static boolean isToken(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
