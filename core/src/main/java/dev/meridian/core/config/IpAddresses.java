package dev.meridian.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Syntax of IP address literals and CIDR blocks in config; never resolves names. */
public final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpAddresses() {
    }

    public static boolean isLiteral(String text) {
        if (text == null) {
            return false;
        }
        var m = V4.matcher(text);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!V6.matcher(text).matches()) {
            return false;
        }
        try {
            // A literal of this shape is parsed locally; no lookup happens.
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Parses a literal already checked with {@link #isLiteral}. */
    public static InetAddress parse(String text) {
        if (!isLiteral(text)) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    /** {@code 10.1.0.0/16} or {@code 2001:db8::/32}: an address literal and a prefix length that fits it. */
    public static boolean isCidr(String text) {
        if (text == null) {
            return false;
        }
        int slash = text.indexOf('/');
        if (slash <= 0 || !isLiteral(text.substring(0, slash))) {
            return false;
        }
        try {
            int prefix = Integer.parseInt(text.substring(slash + 1));
            int bits = parse(text.substring(0, slash)).getAddress().length * 8;
            return prefix >= 0 && prefix <= bits;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
