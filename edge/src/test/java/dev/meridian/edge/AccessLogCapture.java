package dev.meridian.edge;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the lines the edge writes to its access log while open. */
public final class AccessLogCapture implements AutoCloseable {
    private final Logger access = (Logger) LoggerFactory.getLogger("meridian.access");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Level before = access.getLevel();

    public AccessLogCapture() {
        lines.start();
        access.setLevel(Level.INFO);
        access.addAppender(lines);
    }

    public List<String> lines() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        access.detachAppender(lines);
        access.setLevel(before);
    }
}
