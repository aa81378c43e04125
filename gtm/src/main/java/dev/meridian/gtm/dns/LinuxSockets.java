package dev.meridian.gtm.dns;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Locale;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAccess;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * The few libc socket calls batched UDP needs, through Java 17's incubating foreign linker (no C compiled
 * anywhere), and the Linux LP64 layouts of the structures they take. Class initialisation fails, and the
 * caller falls back to the JDK's channels, where any of it is missing: another OS or CPU, a JVM without
 * {@code --add-modules jdk.incubator.foreign} or without {@code --enable-native-access}.
 *
 * <p>errno is read through {@code __errno_location()} right after the failed call; the JDK 17 linker cannot
 * capture it atomically, so it only ever words a message or tells a timeout from a real error.
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

    private static final MethodHandle SOCKET;
    private static final MethodHandle SETSOCKOPT;
    private static final MethodHandle BIND;
    private static final MethodHandle GETSOCKNAME;
    private static final MethodHandle RECVMMSG;
    private static final MethodHandle SENDMMSG;
    private static final MethodHandle SHUTDOWN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle ERRNO_LOCATION;
    private static final MethodHandle STRERROR;
    private static final MemorySegment ALL_MEMORY;

    static {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        // The offsets above are those of Linux's LP64 ABI on these two.
        if (!"Linux".equals(os) || !("amd64".equals(arch) || "aarch64".equals(arch))) {
            throw new UnsupportedOperationException("batched UDP is written for Linux on amd64 or aarch64, not " + os + " on " + arch);
        }
        CLinker c = CLinker.getInstance();
        SymbolLookup libc = CLinker.systemLookup();
        Class<?> ptr = MemoryAddress.class;
        SOCKET = handle(c, libc, "socket", MethodType.methodType(int.class, int.class, int.class, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT));
        SETSOCKOPT = handle(c, libc, "setsockopt", MethodType.methodType(int.class, int.class, int.class, int.class, ptr, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT));
        BIND = handle(c, libc, "bind", MethodType.methodType(int.class, int.class, ptr, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT));
        GETSOCKNAME = handle(c, libc, "getsockname", MethodType.methodType(int.class, int.class, ptr, ptr),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_POINTER));
        RECVMMSG = handle(c, libc, "recvmmsg", MethodType.methodType(int.class, int.class, ptr, int.class, int.class, ptr),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER));
        SENDMMSG = handle(c, libc, "sendmmsg", MethodType.methodType(int.class, int.class, ptr, int.class, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT, CLinker.C_INT));
        SHUTDOWN = handle(c, libc, "shutdown", MethodType.methodType(int.class, int.class, int.class),
                FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT));
        CLOSE = handle(c, libc, "close", MethodType.methodType(int.class, int.class), FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT));
        ERRNO_LOCATION = handle(c, libc, "__errno_location", MethodType.methodType(ptr), FunctionDescriptor.of(CLinker.C_POINTER));
        STRERROR = handle(c, libc, "strerror", MethodType.methodType(ptr, int.class), FunctionDescriptor.of(CLinker.C_POINTER, CLinker.C_INT));
        ALL_MEMORY = MemorySegment.globalNativeSegment();
    }

    private LinuxSockets() {
    }

    /**
     * A UDP socket bound to {@code at}: the receive buffer asked for, SO_REUSEPORT when asked (so several
     * sockets share the address and the kernel spreads clients over them), and a receive timeout so a
     * blocked receive returns now and then to notice a close. IPv6 addresses accept IPv4 too, as the JDK's do.
     */
    static int openUdp(InetSocketAddress at, boolean reusePort, int receiveBuffer, int receiveTimeoutMillis) throws IOException {
        boolean v4 = at.getAddress() instanceof Inet4Address;
        int fd = check(call(SOCKET, v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket");
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemorySegment value = MemorySegment.allocateNative(16, 8, scope);
            setInt(fd, SOL_SOCKET, SO_RCVBUF, receiveBuffer, value);
            if (reusePort) {
                setInt(fd, SOL_SOCKET, SO_REUSEPORT, 1, value);
            }
            if (!v4) {
                setInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, value);
            }
            MemoryAccess.setLongAtOffset(value, 0, receiveTimeoutMillis / 1000); // struct timeval
            MemoryAccess.setLongAtOffset(value, 8, receiveTimeoutMillis % 1000 * 1000L);
            check(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, value, 16), "setsockopt SO_RCVTIMEO");
            MemorySegment address = MemorySegment.allocateNative(SOCKADDR_SIZE, 8, scope);
            int length = writeSockaddr(address, at);
            if (call(BIND, fd, address.address(), length) != 0) {
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
        try (ResourceScope scope = ResourceScope.newConfinedScope()) {
            MemorySegment address = MemorySegment.allocateNative(SOCKADDR_SIZE, 8, scope);
            MemorySegment length = MemorySegment.allocateNative(4, 4, scope);
            MemoryAccess.setIntAtOffset(length, 0, SOCKADDR_SIZE);
            int rc;
            try {
                rc = (int) GETSOCKNAME.invokeExact(fd, address.address(), length.address());
            } catch (Throwable e) {
                throw unexpected(e);
            }
            check(rc, "getsockname");
            InetAddress host = sourceAddress(address, 0);
            if (host == null) {
                throw new IOException("getsockname: unknown address family");
            }
            return new InetSocketAddress(host, Short.toUnsignedInt(MemoryAccess.getShortAtOffset(address, 2, ByteOrder.BIG_ENDIAN)));
        }
    }

    /** The address of a struct sockaddr_in or sockaddr_in6 at {@code offset}; null for any other family. */
    static InetAddress sourceAddress(MemorySegment segment, long offset) {
        int family = Short.toUnsignedInt(MemoryAccess.getShortAtOffset(segment, offset));
        byte[] bytes;
        if (family == AF_INET) {
            bytes = segment.asSlice(offset + 4, 4).toByteArray();
        } else if (family == AF_INET6) {
            bytes = segment.asSlice(offset + 8, 16).toByteArray();
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
    static int recvmmsg(int fd, MemoryAddress messages, int count, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(fd, messages, count, flags, MemoryAddress.NULL);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** sendmmsg(2): the number of messages sent, or -1 (see {@link #errno}). */
    static int sendmmsg(int fd, MemoryAddress messages, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(fd, messages, count, flags);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    /** Wakes every thread blocked receiving on the socket (they then see end of input). */
    static void shutdown(int fd) {
        call(SHUTDOWN, fd, SHUT_RDWR);
    }

    static void close(int fd) {
        call(CLOSE, fd);
    }

    static int errno() {
        try {
            MemoryAddress at = (MemoryAddress) ERRNO_LOCATION.invokeExact();
            return MemoryAccess.getIntAtOffset(ALL_MEMORY, at.toRawLongValue());
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    static String error(int errno) {
        try {
            MemoryAddress message = (MemoryAddress) STRERROR.invokeExact(errno);
            return CLinker.toJavaString(message).toLowerCase(Locale.ROOT) + " (errno " + errno + ")";
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static int writeSockaddr(MemorySegment address, InetSocketAddress at) {
        byte[] host = at.getAddress().getAddress();
        address.fill((byte) 0);
        MemoryAccess.setShortAtOffset(address, 0, (short) (host.length == 4 ? AF_INET : AF_INET6));
        MemoryAccess.setShortAtOffset(address, 2, ByteOrder.BIG_ENDIAN, (short) at.getPort());
        address.asSlice(host.length == 4 ? 4 : 8, host.length).copyFrom(MemorySegment.ofArray(host));
        return host.length == 4 ? 16 : SOCKADDR_SIZE;
    }

    private static void setInt(int fd, int level, int option, int value, MemorySegment scratch) throws IOException {
        MemoryAccess.setIntAtOffset(scratch, 0, value);
        check(setsockopt(fd, level, option, scratch, 4), "setsockopt " + level + "/" + option);
    }

    private static int setsockopt(int fd, int level, int option, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(fd, level, option, value.address(), length);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static int call(MethodHandle h, int a) {
        try {
            return (int) h.invokeExact(a);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static int call(MethodHandle h, int a, int b) {
        try {
            return (int) h.invokeExact(a, b);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static int call(MethodHandle h, int a, int b, int c) {
        try {
            return (int) h.invokeExact(a, b, c);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static int call(MethodHandle h, int a, MemoryAddress b, int c) {
        try {
            return (int) h.invokeExact(a, b, c);
        } catch (Throwable e) {
            throw unexpected(e);
        }
    }

    private static int check(int rc, String what) throws IOException {
        if (rc < 0) {
            throw new IOException(what + ": " + error(errno()));
        }
        return rc;
    }

    /** invokeExact declares Throwable; the C functions themselves throw nothing. */
    private static RuntimeException unexpected(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }

    private static MethodHandle handle(CLinker c, SymbolLookup lookup, String name, MethodType type, FunctionDescriptor fd) {
        MemoryAddress symbol = lookup.lookup(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name + " in libc"));
        return c.downcallHandle(symbol, type, fd);
    }
}
