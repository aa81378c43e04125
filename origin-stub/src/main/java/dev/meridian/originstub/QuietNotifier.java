package dev.meridian.originstub;

import com.github.tomakehurst.wiremock.common.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends WireMock's chatter to slf4j at debug, keeping only its errors visible. */
final class QuietNotifier implements Notifier {
    private static final Logger wiremock = LoggerFactory.getLogger("dev.meridian.originstub.wiremock");

    @Override
    public void info(String message) {
        wiremock.debug(message);
    }

    @Override
    public void error(String message) {
        wiremock.warn(message);
    }

    @Override
    public void error(String message, Throwable t) {
        wiremock.warn(message, t);
    }
}
