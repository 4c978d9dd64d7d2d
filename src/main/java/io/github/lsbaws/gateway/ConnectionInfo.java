package io.github.lsbaws.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Where a request came from and arrived, with the text forms the environ and the access log use. */
public final class ConnectionInfo {
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final int serverPort;
    private final String remoteHost;

    /**
     * @param remote the client's address
     * @param local the address the connection was accepted on
     * @param serverPort the port the server listens on
     */
    public ConnectionInfo(InetSocketAddress remote, InetSocketAddress local, int serverPort) {
        this.remote = remote;
        this.local = local;
        this.serverPort = serverPort;
        this.remoteHost = hostText(remote.getAddress());
    }

    /** An address as text, and the address. */
    private record HostText(InetAddress address, String text) {}

    /** The client address formatted last: nearly always the one client of a development server. */
    private static volatile HostText last;

    private static String hostText(InetAddress address) {
        HostText known = last;
        if (known == null || !known.address().equals(address)) {
            known = new HostText(address, address.getHostAddress());
            last = known;
        }
        return known.text();
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public InetSocketAddress local() {
        return local;
    }

    public int serverPort() {
        return serverPort;
    }

    /** The client's address as text ("127.0.0.1", "0:0:0:0:0:0:0:1"). */
    public String remoteHost() {
        return remoteHost;
    }
}
