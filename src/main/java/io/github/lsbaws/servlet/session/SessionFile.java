package io.github.lsbaws.servlet.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's file, open and locked: an fcntl lock (FileChannel.lock) between processes, and
 * a lock per session id between the threads of one process (an fcntl lock is the process's, so
 * two threads would otherwise both hold it). The file holds the times, the timeout and each
 * attribute's serialized bytes; an empty file is a removed session.
 */
final class SessionFile implements AutoCloseable {
    private static final int MAGIC = 0x4c534253; // "LSBS"
    private static final int VERSION = 1;
    private static final Map<String, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    final SessionStore store;
    String id;
    private final FileChannel channel;
    private final FileLock lock;
    private final ReentrantLock threadLock;
    /** What the file held when opened; empty for a new session. */
    long creationTime;
    long lastAccessedTime;
    int maxInactiveSeconds;
    Map<String, byte[]> attributes = new LinkedHashMap<>();
    boolean exists;

    private SessionFile(SessionStore store, String id, FileChannel channel, FileLock lock, ReentrantLock threadLock) {
        this.store = store;
        this.id = id;
        this.channel = channel;
        this.lock = lock;
        this.threadLock = threadLock;
    }

    /** Opens and locks the file of an existing session, waiting for the lock; null when there is no such session. */
    static SessionFile open(SessionStore store, String id) throws IOException {
        Path path = store.file(id);
        if (!Files.exists(path)) {
            return null;
        }
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(id, key -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            SessionFile file = new SessionFile(store, id, channel, lock, threadLock);
            if (!file.read()) {
                file.close();
                return null;
            }
            return file;
        } catch (NoSuchFileException e) {
            threadLock.unlock();
            return null;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    /** Opens and locks an existing session's file if nobody holds it; null when held or gone. */
    static SessionFile tryOpen(SessionStore store, String id) throws IOException {
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(id, key -> new ReentrantLock());
        if (!threadLock.tryLock()) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(store.file(id), StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                threadLock.unlock();
                return null;
            }
            SessionFile file = new SessionFile(store, id, channel, lock, threadLock);
            file.read(); // an empty file is returned too: the sweep removes those left by killed children
            return file;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            if (e instanceof NoSuchFileException) {
                return null;
            }
            throw e;
        }
    }

    /** Creates and locks the file of a new session with a fresh id. */
    static SessionFile create(SessionStore store) throws IOException {
        Files.createDirectories(store.directory());
        while (true) {
            String id = SessionStore.newId();
            ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(id, key -> new ReentrantLock());
            threadLock.lock();
            try {
                FileChannel channel = FileChannel.open(store.file(id), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                SessionFile file = new SessionFile(store, id, channel, channel.lock(), threadLock);
                long now = System.currentTimeMillis();
                file.creationTime = now;
                file.lastAccessedTime = now;
                file.maxInactiveSeconds = store.defaultTimeoutMinutes() * 60;
                return file;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                threadLock.unlock(); // 128 random bits twice: try again
            } catch (IOException | RuntimeException e) {
                threadLock.unlock();
                throw e;
            }
        }
    }

    /** Reads the file; false when it is empty (removed by whoever held it before). */
    private boolean read() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.position(0);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // reading the whole file
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.array(), 0, buffer.position()));
        try {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return false;
            }
            creationTime = in.readLong();
            lastAccessedTime = in.readLong();
            maxInactiveSeconds = in.readInt();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                attributes.put(name, value);
            }
        } catch (java.io.EOFException e) {
            return false; // a file cut short: no session
        }
        exists = true;
        return true;
    }

    boolean expired(long now) {
        return maxInactiveSeconds > 0 && now - lastAccessedTime > maxInactiveSeconds * 1000L;
    }

    /**
     * If expired: its listeners told, the file emptied and removed. An empty file (a session made
     * by a child killed before it saved it) goes once it is an hour old.
     */
    boolean removeIfExpired(long now) throws IOException {
        if (!exists) {
            if (now - Files.getLastModifiedTime(store.file(id)).toMillis() > 3_600_000L) {
                remove();
                return true;
            }
            return false;
        }
        if (!expired(now)) {
            return false;
        }
        if (!store.listeners.isEmpty() || !store.attributeListeners.isEmpty()) {
            FileSession.expire(this);
        }
        remove();
        return true;
    }

    /** Writes the session's state. */
    void write(long creation, long lastAccess, int maxInactive, Map<String, byte[]> values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(creation);
        out.writeLong(lastAccess);
        out.writeInt(maxInactive);
        out.writeInt(values.size());
        for (Map.Entry<String, byte[]> entry : values.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().length);
            out.write(entry.getValue());
        }
        out.flush();
        ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
        channel.position(0);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.truncate(buffer.limit());
    }

    /** Empties and removes the file: a request waiting for its lock then finds no session. */
    void remove() throws IOException {
        channel.truncate(0);
        Files.deleteIfExists(store.file(id));
        exists = false;
    }

    /** Gives the session a new id: the file is renamed, its lock (on the same file) kept. */
    void rename(String newId) throws IOException {
        Files.move(store.file(id), store.file(newId));
        ReentrantLock newLock = THREAD_LOCKS.computeIfAbsent(newId, key -> new ReentrantLock());
        newLock.lock(); // held until close, with the old one
        renamedLock = newLock;
        id = newId;
    }

    private ReentrantLock renamedLock;

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } finally {
            threadLock.unlock();
            if (renamedLock != null) {
                renamedLock.unlock();
            }
        }
    }
}
