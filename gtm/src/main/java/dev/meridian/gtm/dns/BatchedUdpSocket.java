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
import dev.meridian.gtm.observability.ThrottledLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;

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
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            new Loop(scope).run(handler);
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

    /** One thread's native buffers: BATCH slots, each a received packet, its sender and its response. */
    private final class Loop {
        private final MemorySegment in;
        private final MemorySegment out;
        private final MemorySegment senders;
        private final MemorySegment received;
        private final MemorySegment toSend;
        private final MemorySegment sendVectors;
        private final ByteBuffer inBytes;
        private final ByteBuffer outBytes;
        /** Raw addresses, so that filling in a message per packet allocates nothing. */
        private final MemoryAddress receivedAt;
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

        Loop(ResourceScope scope) {
            in = MemorySegment.allocateNative((long) BATCH * SLOT, 64, scope);
            out = MemorySegment.allocateNative((long) BATCH * SLOT, 64, scope);
            senders = MemorySegment.allocateNative((long) BATCH * SOCKADDR_SIZE, 8, scope);
            received = MemorySegment.allocateNative((long) BATCH * MMSGHDR_SIZE, 8, scope);
            toSend = MemorySegment.allocateNative((long) BATCH * MMSGHDR_SIZE, 8, scope);
            MemorySegment receiveVectors = MemorySegment.allocateNative((long) BATCH * IOVEC_SIZE, 8, scope);
            sendVectors = MemorySegment.allocateNative((long) BATCH * IOVEC_SIZE, 8, scope);
            inBytes = in.asByteBuffer();
            outBytes = out.asByteBuffer();
            receivedAt = received.address();
            toSendAt = toSend.address().toRawLongValue();
            sendersAt = senders.address().toRawLongValue();
            outAt = out.address().toRawLongValue();
            for (int i = 0; i < BATCH; i++) {
                setPointer(receiveVectors, (long) i * IOVEC_SIZE, in.address().addOffset((long) i * SLOT));
                MemoryAccess.setLongAtOffset(receiveVectors, (long) i * IOVEC_SIZE + IOV_LEN, SLOT);
                long r = (long) i * MMSGHDR_SIZE;
                setPointer(received, r + MSG_NAME, senders.address().addOffset((long) i * SOCKADDR_SIZE));
                setPointer(received, r + MSG_IOV, receiveVectors.address().addOffset((long) i * IOVEC_SIZE));
                MemoryAccess.setLongAtOffset(received, r + MSG_IOVLEN, 1);
                setPointer(toSend, r + MSG_IOV, sendVectors.address().addOffset((long) i * IOVEC_SIZE));
                MemoryAccess.setLongAtOffset(toSend, r + MSG_IOVLEN, 1);
            }
        }

        void run(QueryHandler handler) {
            while (!closed()) {
                for (int i = 0; i < BATCH; i++) { // the kernel overwrites each with the sender's real length
                    MemoryAccess.setIntAtOffset(received, (long) i * MMSGHDR_SIZE + MSG_NAMELEN, SOCKADDR_SIZE);
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
                long r = (long) i * MMSGHDR_SIZE;
                InetAddress from = sender((long) i * SOCKADDR_SIZE);
                if (from == null) {
                    return false;
                }
                int length = Math.min(MemoryAccess.getIntAtOffset(received, r + MSG_LEN), SLOT);
                inBytes.get(i * SLOT, query, 0, length);
                int size = handler.handleUdp(query, length, from, response);
                if (size < 0) {
                    return false;
                }
                outBytes.put(i * SLOT, response, 0, size);
                long s = (long) queued * MMSGHDR_SIZE;
                MemoryAccess.setLongAtOffset(toSend, s + MSG_NAME, sendersAt + (long) i * SOCKADDR_SIZE);
                MemoryAccess.setIntAtOffset(toSend, s + MSG_NAMELEN, MemoryAccess.getIntAtOffset(received, r + MSG_NAMELEN));
                long v = (long) queued * IOVEC_SIZE;
                MemoryAccess.setLongAtOffset(sendVectors, v, outAt + (long) i * SLOT);
                MemoryAccess.setLongAtOffset(sendVectors, v + IOV_LEN, size);
                return true;
            } catch (RuntimeException | StackOverflowError e) {
                log.warn("UDP query failed; serving on", e);
                return false;
            }
        }

        /** The address of the sockaddr at {@code offset}: the last one again when its bytes are the same. */
        private InetAddress sender(long offset) {
            int family = Short.toUnsignedInt(MemoryAccess.getShortAtOffset(senders, offset));
            boolean v4 = family == LinuxSockets.AF_INET;
            long high = v4 ? 0 : MemoryAccess.getLongAtOffset(senders, offset + 8);
            long low = v4 ? MemoryAccess.getIntAtOffset(senders, offset + 4) : MemoryAccess.getLongAtOffset(senders, offset + 16);
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
                int n = LinuxSockets.sendmmsg(fd, MemoryAddress.ofLong(toSendAt + (long) sent * MMSGHDR_SIZE), count - sent, 0);
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

    private static void setPointer(MemorySegment segment, long offset, MemoryAddress address) {
        MemoryAccess.setLongAtOffset(segment, offset, address.toRawLongValue());
    }
}
