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
        byte[] ip = family == Linux.AF_INET ? Arrays.copyOfRange(sockaddr, 4, 8) : Arrays.copyOfRange(sockaddr, 8, 24);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address of family " + family, e);
        }
    }
}
