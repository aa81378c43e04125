package dev.meridian.console.chart;

/** The few pieces of SVG text every chart writes: escaped text, coordinates. */
final class Svg {
    private Svg() {
    }

    /** {@code text} safe inside an element or a quoted attribute of XML/HTML. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A coordinate with one decimal: enough for a screen, short enough for 1,440 points per line. By hand,
     * not String.format: a day's two charts write some 12,000 of them per page view.
     */
    static String num(double value) {
        long tenths = Math.round(value * 10);
        long whole = Math.abs(tenths) / 10;
        return (tenths < 0 ? "-" : "") + whole + "." + Math.abs(tenths) % 10;
    }
}
