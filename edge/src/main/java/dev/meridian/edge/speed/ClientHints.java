package dev.meridian.edge.speed;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Network Client Hints as a rate. {@code Downlink} (Mbit/s) is the browser's own estimate and wins;
 * otherwise {@code ECT} or, failing that, {@code RTT} map to the rate Chrome's effective connection
 * type thresholds stand for. {@code Save-Data} is handled by the classifier (it means the lowest class
 * whatever the rate).
 */
public final class ClientHints {
    private ClientHints() {
    }

    public static boolean saveData(String saveData) {
        return saveData != null && saveData.trim().equalsIgnoreCase("on");
    }

    /** The rate in kbit/s the hints stand for, or empty when they say nothing usable. */
    public static OptionalLong kbps(String ect, String downlink, String rtt) {
        if (downlink != null) {
            try {
                double mbps = Double.parseDouble(downlink.trim());
                if (mbps > 0 && mbps <= 100_000) {
                    return OptionalLong.of(Math.max(1, Math.round(mbps * 1000)));
                }
            } catch (NumberFormatException ignored) {
                // fall through to the coarser hints
            }
        }
        if (ect != null) {
            switch (ect.trim().toLowerCase(Locale.ROOT)) {
                case "slow-2g": return OptionalLong.of(50);
                case "2g": return OptionalLong.of(70);
                case "3g": return OptionalLong.of(700);
                case "4g": return OptionalLong.of(4000);
                default: break;
            }
        }
        if (rtt != null) {
            try {
                long ms = Long.parseLong(rtt.trim());
                if (ms >= 0 && ms <= 60_000) {
                    return OptionalLong.of(ms >= 2000 ? 50 : ms >= 1400 ? 70 : ms >= 270 ? 700 : 4000);
                }
            } catch (NumberFormatException ignored) {
                // no usable hint
            }
        }
        return OptionalLong.empty();
    }
}
