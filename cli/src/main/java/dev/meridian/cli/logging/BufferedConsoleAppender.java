package dev.meridian.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard output for high-volume lines (the access log): events are encoded into one buffer and
 * written in large blocks, when the buffer fills and at least every {@code flushMillis}, the way
 * nginx's {@code access_log ... buffer= flush=} does. A console appender costs a write system call
 * per line on the request's I/O thread; logback's AsyncAppender moves that call but wakes its
 * worker thread for nearly every line when traffic is steady. Here a line costs a copy under a
 * short lock, and nothing is dropped: a full buffer is written out by the thread that filled it.
 * What is buffered is written when the appender stops (logback's shutdown hook).
 */
public final class BufferedConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;
    private int bufferSize = 64 * 1024;
    private long flushMillis = 200;
    private OutputStream out = new FileOutputStream(FileDescriptor.out);
    @GuardedBy("this")
    private byte[] buffer;
    @GuardedBy("this")
    private int used;
    private ScheduledExecutorService flusher;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public void setBufferSize(int bytes) {
        this.bufferSize = bytes;
    }

    public void setFlushMillis(long millis) {
        this.flushMillis = millis;
    }

    /** Where the lines go instead of standard output (tests). */
    void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        if (bufferSize < 1024 || flushMillis < 1) {
            addError("bufferSize must be at least 1024 bytes and flushMillis at least 1");
            return;
        }
        synchronized (this) {
            buffer = new byte[bufferSize];
        }
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-flush-" + name);
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        synchronized (this) {
            if (line.length > buffer.length - used) {
                writeBuffered();
            }
            if (line.length > buffer.length) {
                write(line, line.length);
            } else {
                System.arraycopy(line, 0, buffer, used, line.length);
                used += line.length;
            }
        }
    }

    /** Writes out what is buffered. */
    public synchronized void flush() {
        if (used > 0) {
            writeBuffered();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        flusher.shutdownNow();
        flush();
    }

    @GuardedBy("this")
    private void writeBuffered() {
        write(buffer, used);
        used = 0;
    }

    private void write(byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
            out.flush();
        } catch (IOException e) {
            addError("writing " + length + " bytes of log lines failed", e);
        }
    }
}
