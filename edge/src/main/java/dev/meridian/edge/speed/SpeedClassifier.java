package dev.meridian.edge.speed;

import dev.meridian.core.config.ImagingConfig;
import java.net.InetAddress;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Decides a request's speed class from, in order: a valid measurement cookie younger than the
 * re-measure period; Client Hints; the edge's own drain measurement for the client's address; the
 * configured default. Only class names leave here: raw rates and header values never key anything.
 */
public final class SpeedClassifier {
    private final DrainRates drains;

    public SpeedClassifier(DrainRates drains) {
        this.drains = drains;
    }

    /**
     * @param header   the first value of a request header by name, or null
     * @param client   the client's address (the drain map's key), or null when unknown
     */
    public SpeedVerdict classify(ImagingConfig config, Function<String, String> header, InetAddress client, long nowMillis) {
        var cookie = SpeedCookie.read(header.apply("Cookie"), nowMillis / 1000, config.remeasure().toSeconds());
        if (cookie.isPresent()) {
            return new SpeedVerdict(config.classFor(cookie.get().kbps()).name(), SpeedSource.COOKIE);
        }
        if (ClientHints.saveData(header.apply("Save-Data"))) {
            return new SpeedVerdict(config.classes().get(0).name(), SpeedSource.CLIENT_HINTS);
        }
        OptionalLong hinted = ClientHints.kbps(header.apply("ECT"), header.apply("Downlink"), header.apply("RTT"));
        if (hinted.isPresent()) {
            return new SpeedVerdict(config.classFor(hinted.getAsLong()).name(), SpeedSource.CLIENT_HINTS);
        }
        OptionalLong drained = client == null ? OptionalLong.empty() : drains.kbps(client);
        if (drained.isPresent()) {
            return new SpeedVerdict(config.classFor(drained.getAsLong()).name(), SpeedSource.EDGE);
        }
        return new SpeedVerdict(config.defaultClass(), SpeedSource.DEFAULT);
    }

    public DrainRates drains() {
        return drains;
    }
}
