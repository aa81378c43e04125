package dev.meridian.gtm.dns;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The few libc socket calls batched UDP needs, through JNA's direct mapping (no C compiled anywhere, any
 * Java from 17 on), and the Linux LP64 layouts of the structures they take. Pointers cross as {@code long}.
 * Class initialisation fails, and the caller falls back to the JDK's channels, where any of it is missing:
 * another OS or CPU, JNA's own native stub unable to load, or a JVM that denies native access.
 *
 * <p>errno is the one JNA saved right after the call ({@link Native#getLastError()}), so nothing the JVM
 * does between the call and the check can change it.
 */
final class LinuxSockets {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int MSG_WAITFORONE = 0x10000;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** struct sockaddr_in6, the larger of the two families' addresses. */
    static final int SOCKADDR_SIZE = 28;
    /** struct mmsghdr: a struct msghdr then the unsigned msg_len, padded to 8 bytes. */
    static final int MMSGHDR_SIZE = 64;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_LEN = 56;
    /** struct iovec: base pointer, then length. */
    static final int IOVEC_SIZE = 16;
    static final int IOV_LEN = 8;

    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_REUSEPORT = 15;
    private static final int SO_RCVTIMEO = 20;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;
    private static final int SHUT_RDWR = 2;
    private static final int EACCES = 13;
    private static final int EADDRINUSE = 98;
    private static final int EADDRNOTAVAIL = 99;

    static {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        // The offsets above are those of Linux's LP64 ABI on these two.
        if (!"Linux".equals(os) || !("amd64".equals(arch) || "aarch64".equals(arch))) {
            throw new UnsupportedOperationException("batched UDP is written for Linux on amd64 or aarch64, not " + os + " on " + arch);
        }
        Native.register(LinuxSockets.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private static native int socket(int domain, int type, int protocol);

    private static native int setsockopt(int fd, int level, int option, long value, int length);

    private static native int bind(int fd, long address, int length);

    private static native int getsockname(int fd, long address, long length);

    private static native int recvmmsg(int fd, long messages, int count, int flags, long timeout);

    /** sendmmsg(2): the number of messages sent, or -1 (see {@link #errno}). */
    static native int sendmmsg(int fd, long messages, int count, int flags);

    private static native int shutdown(int fd, int how);

    /** close(2); its result tells nothing a caller could act on. */
    static native int close(int fd);

    private static native String strerror(int errno);

    private LinuxSockets() {
    }

    /**
     * A UDP socket bound to {@code at}: the receive buffer asked for, SO_REUSEPORT when asked (so several
     * sockets share the address and the kernel spreads clients over them), and a receive timeout so a
     * blocked receive returns now and then to notice a close. IPv6 addresses accept IPv4 too, as the JDK's do.
     */
    static int openUdp(InetSocketAddress at, boolean reusePort, int receiveBuffer, int receiveTimeoutMillis) throws IOException {
        boolean v4 = at.getAddress() instanceof Inet4Address;
        int fd = check(socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket");
        try (Memory value = new Memory(16); Memory address = new Memory(SOCKADDR_SIZE)) {
            setInt(fd, SOL_SOCKET, SO_RCVBUF, receiveBuffer, value);
            if (reusePort) {
                setInt(fd, SOL_SOCKET, SO_REUSEPORT, 1, value);
            }
            if (!v4) {
                setInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, value);
            }
            value.setLong(0, receiveTimeoutMillis / 1000); // struct timeval
            value.setLong(8, receiveTimeoutMillis % 1000 * 1000L);
            check(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, Pointer.nativeValue(value), 16), "setsockopt SO_RCVTIMEO");
            int length = writeSockaddr(buffer(address), at);
            if (bind(fd, Pointer.nativeValue(address), length) != 0) {
                int errno = errno();
                String message = "bind " + at + ": " + error(errno);
                throw errno == EADDRINUSE || errno == EADDRNOTAVAIL || errno == EACCES ? new BindException(message)
                        : new IOException(message);
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            close(fd);
            throw e;
        }
    }

    static InetSocketAddress localAddress(int fd) throws IOException {
        try (Memory address = new Memory(SOCKADDR_SIZE); Memory length = new Memory(4)) {
            length.setInt(0, SOCKADDR_SIZE);
            check(getsockname(fd, Pointer.nativeValue(address), Pointer.nativeValue(length)), "getsockname");
            ByteBuffer bytes = buffer(address);
            InetAddress host = sourceAddress(bytes, 0);
            if (host == null) {
                throw new IOException("getsockname: unknown address family");
            }
            return new InetSocketAddress(host, Short.toUnsignedInt(bytes.order(ByteOrder.BIG_ENDIAN).getShort(2)));
        }
    }

    /** A native-order view of all of {@code memory}, for reads and writes that allocate nothing. */
    static ByteBuffer buffer(Memory memory) {
        return memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
    }

    /** The address of a struct sockaddr_in or sockaddr_in6 at {@code offset}; null for any other family. */
    static InetAddress sourceAddress(ByteBuffer sockaddrs, int offset) {
        int family = Short.toUnsignedInt(sockaddrs.getShort(offset));
        byte[] bytes;
        if (family == AF_INET) {
            bytes = new byte[4];
            sockaddrs.get(offset + 4, bytes);
        } else if (family == AF_INET6) {
            bytes = new byte[16];
            sockaddrs.get(offset + 8, bytes);
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    /** recvmmsg(2) without a timeout: the number of messages received, or -1 (see {@link #errno}). */
    static int recvmmsg(int fd, long messages, int count, int flags) {
        return recvmmsg(fd, messages, count, flags, 0L);
    }

    /** Wakes every thread blocked receiving on the socket (they then see end of input). */
    static void shutdown(int fd) {
        shutdown(fd, SHUT_RDWR);
    }

    /** errno as the last native call on this thread left it. */
    static int errno() {
        return Native.getLastError();
    }

    static String error(int errno) {
        return strerror(errno).toLowerCase(Locale.ROOT) + " (errno " + errno + ")";
    }

    private static int writeSockaddr(ByteBuffer address, InetSocketAddress at) {
        byte[] host = at.getAddress().getAddress();
        address.put(0, new byte[SOCKADDR_SIZE]);
        address.putShort(0, (short) (host.length == 4 ? AF_INET : AF_INET6));
        address.put(2, (byte) (at.getPort() >>> 8)).put(3, (byte) at.getPort()); // network byte order
        address.put(host.length == 4 ? 4 : 8, host);
        return host.length == 4 ? 16 : SOCKADDR_SIZE;
    }

    private static void setInt(int fd, int level, int option, int value, Memory scratch) throws IOException {
        scratch.setInt(0, value);
        check(setsockopt(fd, level, option, Pointer.nativeValue(scratch), 4), "setsockopt " + level + "/" + option);
    }

    private static int check(int rc, String what) throws IOException {
        if (rc < 0) {
            throw new IOException(what + ": " + error(errno()));
        }
        return rc;
    }
}
