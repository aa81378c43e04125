package dev.meridian.edge.http;

/**
 * Whether a field value is a valid RFC 8941 Dictionary (section 4.2.2's parsing rules, checked
 * without building the values). CDN-Cache-Control and its targeted relatives are Dictionaries
 * (RFC 9213 2.1), and one that fails to parse must be ignored as a whole.
 */
public final class StructuredDictionary {
    private static final String TCHAR_EXTRA = "!#$%&'*+-.^_`|~:/";

    private final String s;
    private int i;

    private StructuredDictionary(String s) {
        this.s = s;
    }

    /** @param combined the field's lines joined with ", " (RFC 8941 4.2) */
    public static boolean isValid(String combined) {
        return new StructuredDictionary(combined.strip()).dictionary();
    }

    private boolean dictionary() {
        if (s.isEmpty()) {
            return true;
        }
        while (true) {
            if (!key()) {
                return false;
            }
            if (peek('=')) {
                i++;
                if (!(peek('(') ? innerList() : item())) {
                    return false;
                }
            } else if (!parameters()) {
                return false;
            }
            skipOws();
            if (i == s.length()) {
                return true;
            }
            if (!peek(',')) {
                return false;
            }
            i++;
            skipOws();
            if (i == s.length()) {
                return false;
            }
        }
    }

    private boolean key() {
        if (i == s.length() || !(isLcAlpha(s.charAt(i)) || s.charAt(i) == '*')) {
            return false;
        }
        i++;
        while (i < s.length() && (isLcAlpha(s.charAt(i)) || isDigit(s.charAt(i)) || "_-.*".indexOf(s.charAt(i)) >= 0)) {
            i++;
        }
        return true;
    }

    private boolean innerList() {
        i++;
        while (true) {
            while (peek(' ')) {
                i++;
            }
            if (peek(')')) {
                i++;
                return parameters();
            }
            if (!item()) {
                return false;
            }
            if (!(peek(' ') || peek(')'))) {
                return false;
            }
        }
    }

    private boolean item() {
        return bareItem() && parameters();
    }

    private boolean parameters() {
        while (peek(';')) {
            i++;
            while (peek(' ')) {
                i++;
            }
            if (!key()) {
                return false;
            }
            if (peek('=')) {
                i++;
                if (!bareItem()) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean bareItem() {
        if (i == s.length()) {
            return false;
        }
        char c = s.charAt(i);
        if (c == '-' || isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return string();
        }
        if (c == ':') {
            return byteSequence();
        }
        if (c == '?') {
            i += 2;
            return i <= s.length() && (s.charAt(i - 1) == '0' || s.charAt(i - 1) == '1');
        }
        if (isAlpha(c) || c == '*') {
            i++;
            while (i < s.length() && (isAlpha(s.charAt(i)) || isDigit(s.charAt(i)) || TCHAR_EXTRA.indexOf(s.charAt(i)) >= 0)) {
                i++;
            }
            return true;
        }
        return false;
    }

    private boolean number() {
        if (peek('-')) {
            i++;
        }
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        int integerDigits = i - start;
        if (integerDigits == 0) {
            return false;
        }
        if (!peek('.')) {
            return integerDigits <= 15;
        }
        i++;
        int fractionStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        int fractionDigits = i - fractionStart;
        return integerDigits <= 12 && fractionDigits >= 1 && fractionDigits <= 3;
    }

    private boolean string() {
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                if (i == s.length() || (s.charAt(i) != '"' && s.charAt(i) != '\\')) {
                    return false;
                }
                i++;
            } else if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return false;
    }

    private boolean byteSequence() {
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == ':') {
                return true;
            }
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                return false;
            }
        }
        return false;
    }

    private void skipOws() {
        while (peek(' ') || peek('\t')) {
            i++;
        }
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private static boolean isLcAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
