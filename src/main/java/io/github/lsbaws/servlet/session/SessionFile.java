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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's file, open and locked: an fcntl lock (FileChannel.lock) between processes, and
 * a lock per session id between the threads of one process (an fcntl lock is the process's, so
 * two threads would otherwise both hold it). The file holds the times, the timeout and each
 * attribute's serialized bytes; an empty file is a removed session. The directory is 0700 and
 * each file 0600 whatever the umask: a file's name is its session id, and its content the
 * session (PHP keeps its session directory from other users for the same reason).
 */
final class SessionFile implements AutoCloseable {
    private static final int MAGIC = 0x4c534253; // "LSBS"
    private static final int VERSION = 1;
    private static final Map<String, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /**
     * The largest session file read. A session is kept whole in memory by each request that uses
     * it, so a larger one is an application's mistake or a file that is not a session: it gets a
     * log line and is no session, rather than an allocation of whatever size the file claims.
     */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    final SessionStore store;
    String id;
    private FileChannel channel;
    private FileLock lock;
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
        while (true) {
            String id = SessionStore.newId();
            ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(id, key -> new ReentrantLock());
            threadLock.lock();
            try {
                FileChannel channel = createFile(store, id);
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

    /** A new session file, readable by its owner only, in a directory that only its owner can enter. */
    private static FileChannel createFile(SessionStore store, String id) throws IOException {
        Path directory = store.directory();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY); // made with the umask's, or by an older version
        }
        return FileChannel.open(store.file(id), Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), OWNER_ONLY_FILE);
    }

    /**
     * Reads the file; false when it is empty (removed by whoever held it before), or not a session
     * file this version can read, or not one at all (then the context's log says so). Every size
     * in it is checked against what is left of it before anything is allocated.
     */
    private boolean read() throws IOException {
        long size = channel.size();
        if (size == 0) {
            return false;
        }
        if (size > MAX_FILE_BYTES) {
            unreadable(size + " bytes, more than the " + MAX_FILE_BYTES + " a session file may have");
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
            if (count < 0 || count > in.available()) {
                unreadable("it claims " + count + " attributes in " + size + " bytes");
                return false;
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF(); // its length is an unsigned short: at most 64 KB
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    unreadable("attribute '" + name + "' claims " + length + " bytes, " + in.available() + " are left");
                    return false;
                }
                byte[] value = new byte[length];
                in.readFully(value);
                attributes.put(name, value);
            }
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            return false; // a file cut short: no session
        }
        exists = true;
        return true;
    }

    private void unreadable(String why) {
        store.context().log("session file " + store.file(id) + " cannot be a session lsbaws wrote (" + why
                + "): there is no session of that id; the file goes with the sweep an hour after it was last written");
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

    /**
     * Gives the session a new id: a new file, locked, takes its place, and the old one is emptied
     * and removed; the state goes to the new file when the request ends. Renaming the file would
     * not do: a request already waiting for the old id's lock has that file open, and would read
     * the session under its new id once its turn came (session fixation). An empty file is a
     * removed session to it.
     */
    void changeId(String newId) throws IOException {
        ReentrantLock newThreadLock = THREAD_LOCKS.computeIfAbsent(newId, key -> new ReentrantLock());
        newThreadLock.lock(); // held until close, with the old one
        FileChannel newChannel = null;
        FileLock newLock;
        try {
            newChannel = createFile(store, newId);
            newLock = newChannel.lock();
        } catch (IOException | RuntimeException e) {
            if (newChannel != null) {
                newChannel.close();
            }
            newThreadLock.unlock();
            throw e;
        }
        boolean existed = exists;
        remove();
        lock.release();
        channel.close();
        channel = newChannel;
        lock = newLock;
        exists = existed;
        renamedLock = newThreadLock;
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
