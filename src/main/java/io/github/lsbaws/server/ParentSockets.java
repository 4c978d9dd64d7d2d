package io.github.lsbaws.server;

import io.github.lsbaws.natives.Posix;
import java.io.IOException;

/**
 * The guard for connections the parent opened for the application: a database connection a pool
 * kept, a client's socket to a cache or a broker. A child inherits every descriptor of its
 * parent, and two processes writing to one connection interleave their bytes on it (a database
 * protocol then answers one process with what the other asked). So each child, before it serves,
 * replaces every connected socket it inherited, but its own connection, with an unconnected
 * socket under the same number ({@link Posix#disconnectInPlace}): the application's object still
 * holds a valid descriptor, whose writes fail as a broken connection does (a pool then discards
 * it and opens another), and no new socket of the child can take its number and be written by
 * the old object. The server's own descriptors are pipes, an epoll and a signalfd, and its
 * listening socket has no peer. The parent reads which sockets are connected once before its
 * first fork; a child checks each again before it replaces it.
 */
final class ParentSockets {
    static final ParentSockets NONE = new ParentSockets(new int[0]);

    private final int[] descriptors;

    private ParentSockets(int[] descriptors) {
        this.descriptors = descriptors;
    }

    /** The parent's connected sockets now, above standard input, output and error, but a client's connection (-1: none). */
    static ParentSockets connectedNow(int clientConnection) throws IOException {
        int[] sockets = Posix.openDescriptors().stream().filter(fd -> fd != clientConnection && Posix.connectedFamily(fd) >= 0)
                .mapToInt(Integer::intValue).toArray();
        return new ParentSockets(sockets);
    }

    /** The start-up line naming the parent's connected sockets, or null if it has none. */
    String line() {
        if (descriptors.length == 0) {
            return null;
        }
        return "The parent holds " + descriptors.length + " connected socket(s) the application opened (descriptors "
                + java.util.Arrays.toString(descriptors) + "): each child disconnects them in place, so writing to them fails"
                + " there as on a broken connection. Close them in an org.crac Resource's beforeCheckpoint, or open them per"
                + " request.";
    }

    /**
     * In a child: every one of them still connected, but the child's own connection, replaced by
     * an unconnected socket. Returns how many were.
     */
    int disconnect(int ownConnection) {
        int disconnected = 0;
        for (int fd : descriptors) {
            int family = fd == ownConnection ? -1 : Posix.connectedFamily(fd);
            if (family >= 0 && Posix.disconnectInPlace(fd, family)) {
                disconnected++;
            }
        }
        return disconnected;
    }
}
