package io.github.lsbaws.gateway;

import java.net.InetSocketAddress;

/**
 * Where a request came from and arrived.
 *
 * @param remote the client's address
 * @param local the address the connection was accepted on
 * @param serverPort the port the server listens on
 */
public record ConnectionInfo(InetSocketAddress remote, InetSocketAddress local, int serverPort) {}
