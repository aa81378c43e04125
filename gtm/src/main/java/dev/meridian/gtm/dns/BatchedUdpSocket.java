package dev.meridian.gtm.dns;

import static dev.meridian.gtm.dns.LinuxSockets.IOVEC_SIZE;
import static dev.meridian.gtm.dns.LinuxSockets.IOV_LEN;
import static dev.meridian.gtm.dns.LinuxSockets.MMSGHDR_SIZE;
import static dev.meridian.gtm.dns.LinuxSockets.MSG_IOV;
import static dev.meridian.gtm.dns.LinuxSockets.MSG_IOVLEN;
import static dev.meridian.gtm.dns.LinuxSockets.MSG_LEN;
import static dev.meridian.gtm.dns.LinuxSockets.MSG_NAME;
import static dev.meridian.gtm.dns.LinuxSockets.MSG_NAMELEN;
import static dev.meridian.gtm.dns.LinuxSockets.SOCKADDR_SIZE;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.meridian.gtm.observability.ThrottledLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * DNS over a native UDP socket, received and sent in batches with recvmmsg(2) and sendmmsg(2), as gdnsd
 * does: one system call, and at most one wake-up, for every packet that queued up while the last batch was
 * answered, instead of two calls per packet through the JDK's channel. Each packet still gets its own
 * answer from {@link QueryHandler#handleUdp}, exactly as on the JDK path.
 *
 * <p>The descriptor is closed only when no loop uses it any more, so a closing server can never make a
 * serving thread receive on a descriptor number the process has since reused.
 */
final class BatchedUdpSocket implements DnsUdpSocket {
    /** Packets per system call: enough to drain a busy socket's queue in a few calls, 2 MiB of buffers per loop. */
    static final int BATCH = 16;
    /** Room for any UDP payload, so no datagram is ever cut short. */
    private static final int SLOT = 65536;
    private static final int RECEIVE_TIMEOUT_MILLIS = 1000;
    private static final long ERROR_BACKOFF_NANOS = 10_000_000;

    private final int fd;
    private final ThrottledLog log;
    @GuardedBy("this")
    private boolean closed;
    @GuardedBy("this")
    private boolean released;
    @GuardedBy("this")
    private int serving;

    private BatchedUdpSocket(int fd, ThrottledLog log) {
        this.fd = fd;
        this.log = log;
    }

    /** Throws a LinkageError or RuntimeException where batched UDP cannot run (see {@link LinuxSockets}). */
    static BatchedUdpSocket open(InetSocketAddress at, boolean reusePort, int receiveBuffer, ThrottledLog log) throws IOException {
        return new BatchedUdpSocket(LinuxSockets.openUdp(at, reusePort, receiveBuffer, RECEIVE_TIMEOUT_MILLIS), log);
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        synchronized (this) {
            if (released) {
                throw new IOException("socket closed");
            }
            return LinuxSockets.localAddress(fd);
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public void serve(QueryHandler handler) {
        synchronized (this) {
            if (closed) {
                return;
            }
            serving++;
        }
        try (Loop loop = new Loop()) {
            loop.run(handler);
        } finally {
            synchronized (this) {
                serving--;
                releaseIfUnused();
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            LinuxSockets.shutdown(fd);
            releaseIfUnused();
        }
    }

    @GuardedBy("this")
    private void releaseIfUnused() {
        if (closed && serving == 0 && !released) {
            released = true;
            LinuxSockets.close(fd);
        }
    }

    private synchronized boolean closed() {
        return closed;
    }

    /**
     * One thread's native buffers: BATCH slots, each a received packet, its sender and its response. The
     * loop reads and writes them through native-order ByteBuffers, so a packet allocates nothing.
     */
    private final class Loop implements AutoCloseable {
        private final List<Memory> blocks = new ArrayList<>();
        private final ByteBuffer in;
        private final ByteBuffer out;
        private final ByteBuffer senders;
        private final ByteBuffer received;
        private final ByteBuffer toSend;
        private final ByteBuffer sendVectors;
        /** Native addresses, so that filling in a message per packet allocates nothing. */
        private final long receivedAt;
        private final long toSendAt;
        private final long sendersAt;
        private final long outAt;
        private final byte[] query = new byte[SLOT];
        private final byte[] response = new byte[SLOT];
        /** The last sender seen, kept while the same resolver keeps asking: most queries come from a few big ones. */
        private InetAddress lastSender;
        private int lastFamily;
        private long lastHigh;
        private long lastLow;

        Loop() {
            try {
                in = allocate(BATCH * SLOT);
                out = allocate(BATCH * SLOT);
                senders = allocate(BATCH * SOCKADDR_SIZE);
                received = allocate(BATCH * MMSGHDR_SIZE);
                toSend = allocate(BATCH * MMSGHDR_SIZE);
                ByteBuffer receiveVectors = allocate(BATCH * IOVEC_SIZE);
                sendVectors = allocate(BATCH * IOVEC_SIZE);
                long inAt = address(in);
                outAt = address(out);
                sendersAt = address(senders);
                receivedAt = address(received);
                toSendAt = address(toSend);
                for (int i = 0; i < BATCH; i++) {
                    receiveVectors.putLong(i * IOVEC_SIZE, inAt + (long) i * SLOT);
                    receiveVectors.putLong(i * IOVEC_SIZE + IOV_LEN, SLOT);
                    int r = i * MMSGHDR_SIZE;
                    received.putLong(r + MSG_NAME, sendersAt + (long) i * SOCKADDR_SIZE);
                    received.putLong(r + MSG_IOV, address(receiveVectors) + (long) i * IOVEC_SIZE);
                    received.putLong(r + MSG_IOVLEN, 1);
                    toSend.putLong(r + MSG_IOV, address(sendVectors) + (long) i * IOVEC_SIZE);
                    toSend.putLong(r + MSG_IOVLEN, 1);
                }
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
        }

        /** Zeroed native memory (the msghdr fields never set must be 0), freed by {@link #close}, as a native-order buffer. */
        private ByteBuffer allocate(int size) {
            Memory memory = new Memory(size);
            blocks.add(memory);
            memory.clear();
            return LinuxSockets.buffer(memory);
        }

        private long address(ByteBuffer buffer) {
            return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
        }

        @Override
        public void close() {
            blocks.forEach(Memory::close);
        }

        void run(QueryHandler handler) {
            while (!closed()) {
                for (int i = 0; i < BATCH; i++) { // the kernel overwrites each with the sender's real length
                    received.putInt(i * MMSGHDR_SIZE + MSG_NAMELEN, SOCKADDR_SIZE);
                }
                int n = LinuxSockets.recvmmsg(fd, receivedAt, BATCH, LinuxSockets.MSG_WAITFORONE);
                if (n < 0) {
                    int errno = LinuxSockets.errno();
                    if (errno != LinuxSockets.EAGAIN && errno != LinuxSockets.EINTR && !closed()) {
                        log.warn("UDP receive failed: {}; serving on", LinuxSockets.error(errno));
                        // An error that repeats at once (a seccomp filter, say) must not spin a core.
                        LockSupport.parkNanos(ERROR_BACKOFF_NANOS);
                    }
                    continue;
                }
                int answers = 0;
                for (int i = 0; i < n; i++) {
                    if (answer(handler, i, answers)) {
                        answers++;
                    }
                }
                send(answers);
            }
        }

        /** Answers slot i's packet into slot i's response; true when it is queued as the next message to send. */
        private boolean answer(QueryHandler handler, int i, int queued) {
            try {
                int r = i * MMSGHDR_SIZE;
                InetAddress from = sender(i * SOCKADDR_SIZE);
                if (from == null) {
                    return false;
                }
                int length = Math.min(received.getInt(r + MSG_LEN), SLOT);
                in.get(i * SLOT, query, 0, length);
                int size = handler.handleUdp(query, length, from, response);
                if (size < 0) {
                    return false;
                }
                out.put(i * SLOT, response, 0, size);
                int s = queued * MMSGHDR_SIZE;
                toSend.putLong(s + MSG_NAME, sendersAt + (long) i * SOCKADDR_SIZE);
                toSend.putInt(s + MSG_NAMELEN, received.getInt(r + MSG_NAMELEN));
                int v = queued * IOVEC_SIZE;
                sendVectors.putLong(v, outAt + (long) i * SLOT);
                sendVectors.putLong(v + IOV_LEN, size);
                return true;
            } catch (RuntimeException | StackOverflowError e) {
                log.warn("UDP query failed; serving on", e);
                return false;
            }
        }

        /** The address of the sockaddr at {@code offset}: the last one again when its bytes are the same. */
        private InetAddress sender(int offset) {
            int family = Short.toUnsignedInt(senders.getShort(offset));
            boolean v4 = family == LinuxSockets.AF_INET;
            long high = v4 ? 0 : senders.getLong(offset + 8);
            long low = v4 ? senders.getInt(offset + 4) : senders.getLong(offset + 16);
            if (lastSender == null || family != lastFamily || high != lastHigh || low != lastLow) {
                lastSender = LinuxSockets.sourceAddress(senders, offset);
                lastFamily = family;
                lastHigh = high;
                lastLow = low;
            }
            return lastSender;
        }

        private void send(int count) {
            int sent = 0;
            while (sent < count) {
                int n = LinuxSockets.sendmmsg(fd, toSendAt + (long) sent * MMSGHDR_SIZE, count - sent, 0);
                if (n > 0) {
                    sent += n;
                } else { // the next message cannot go (an unreachable sender, say): drop it, as the JDK path would
                    int errno = LinuxSockets.errno();
                    if (!closed()) {
                        log.warn("UDP send failed: {}; serving on", LinuxSockets.error(errno));
                    }
                    sent++;
                }
            }
        }
    }
}
