package io.github.lsbaws.natives;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** struct sockaddr_in / sockaddr_in6 to and from InetSocketAddress (family in host order, port in network order). */
final class SocketAddresses {
    static final int IPV4_LENGTH = 16;
    static final int IPV6_LENGTH = 28;
    static final int MAX_LENGTH = 128; // sockaddr_storage

    private SocketAddresses() {}

    static byte[] encode(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        boolean v4 = ip instanceof Inet4Address;
        ByteBuffer buffer = ByteBuffer.allocate(v4 ? IPV4_LENGTH : IPV6_LENGTH);
        buffer.order(ByteOrder.nativeOrder()).putShort((short) (v4 ? Linux.AF_INET : Linux.AF_INET6));
        buffer.order(ByteOrder.BIG_ENDIAN).putShort((short) address.getPort());
        if (!v4) {
            buffer.putInt(0); // flow info
        }
        buffer.put(ip.getAddress());
        return buffer.array();
    }

    static InetSocketAddress decode(byte[] sockaddr) {
        ByteBuffer buffer = ByteBuffer.wrap(sockaddr);
        int family = buffer.order(ByteOrder.nativeOrder()).getShort(0);
        int port = buffer.order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xffff;
        int from = family == Linux.AF_INET ? 4 : 8;
        int to = family == Linux.AF_INET ? 8 : 24;
        Decoded last = lastDecoded;
        if (last == null || !Arrays.equals(last.ip(), 0, last.ip().length, sockaddr, from, to)) {
            byte[] ip = Arrays.copyOfRange(sockaddr, from, to);
            try {
                last = new Decoded(ip, InetAddress.getByAddress(ip));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address of family " + family, e);
            }
            lastDecoded = last;
        }
        return new InetSocketAddress(last.address(), port);
    }

    /** An address as sockaddr holds it and as InetAddress. */
    private record Decoded(byte[] ip, InetAddress address) {}

    /**
     * The address decoded last, kept: a development server's clients are nearly always one
     * (127.0.0.1), and its children inherit the one their parent decoded.
     */
    private static volatile Decoded lastDecoded;
}
