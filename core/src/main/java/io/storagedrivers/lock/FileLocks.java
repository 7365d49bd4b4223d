package io.storagedrivers.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.storagedrivers.spi.BackendException;

/**
 * Cross-process locks, one file per key in a lock directory: {@code <dir>/<key>.lock}, held with a
 * POSIX record lock ({@link FileChannel#lock}, fcntl on Linux). Separate JVMs (OpenNebula runs
 * the DS, TM and VMM drivers as separate processes) serialise on it, and threads of one JVM queue
 * on an in-process lock first. A process that dies loses its lock with it; lock files are never
 * deleted (deleting them would let two processes lock two different files of the same name).
 *
 * <p>Re-entrant: a thread that already holds a key gets it again at once; the file lock is
 * released when the outermost {@link HeldLock} closes. Close a lock in the thread that took it
 * (try-with-resources).
 *
 * <p>Note: fcntl locks do not interact with {@code flock(1)}; shell scripts that want to take the
 * same lock must use a tool based on fcntl.
 */
public final class FileLocks {

    /** Overrides the lock directory. */
    public static final String ENV_DIR = "STORAGE_DRIVERS_LOCK_DIR";
    /** OpenNebula's own lock directory, used when writable (or creatable). */
    public static final Path DEFAULT_DIR = Path.of("/var/lock/one");

    private static final long POLL_MIN_MS = 5;
    private static final long POLL_MAX_MS = 100;

    /*
     * One slot per lock file in this JVM. It must be JVM-wide (static), because a file lock belongs
     * to the whole process: a second FileLocks instance for the same directory has to queue on the
     * same slot, or FileChannel.lock would throw OverlappingFileLockException.
     */
    private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();

    private final Path dir;

    public FileLocks(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * A directory that replaces every other for this process: the class-data-sharing training run
     * ({@code cds-train}) takes its locks in a temporary directory of its own, never in the one
     * OpenNebula's actions use.
     */
    public static final String DIR_PROPERTY = "storagedrivers.lock.dir";

    /**
     * Locks in {@link #DIR_PROPERTY}, else {@code $STORAGE_DRIVERS_LOCK_DIR}, else {@link #DEFAULT_DIR},
     * else a temp directory.
     */
    public static FileLocks fromEnvironment() {
        String only = System.getProperty(DIR_PROPERTY);
        return new FileLocks(only != null ? Path.of(only) : defaultDir(System.getenv()));
    }

    static Path defaultDir(Map<String, String> env) {
        String configured = env.get(ENV_DIR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (usable(DEFAULT_DIR)) {
            return DEFAULT_DIR;
        }
        // Development machines without OpenNebula: one shared directory, so all users at least
        // try the same files (and fail loudly on permissions instead of not serialising).
        return Path.of(System.getProperty("java.io.tmpdir"), "storage-drivers-lock");
    }

    private static boolean usable(Path d) {
        if (Files.isDirectory(d)) {
            return Files.isWritable(d);
        }
        Path parent = d.getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }

    public Path dir() {
        return dir;
    }

    /** The lock file for {@code key}. */
    public Path fileFor(String key) {
        return dir.resolve(LockNames.fileName(key));
    }

    /**
     * Takes the lock for {@code key}, waiting at most {@code timeout}.
     *
     * @throws LockTimeoutException when the lock is still held by someone else after the timeout
     *         (message: "timed out after Ns waiting for lock KEY (...)"), or the wait is interrupted
     * @throws BackendException of kind BACKEND_ERROR when the lock file cannot be created or locked
     */
    public HeldLock acquire(String key, Duration timeout) {
        Path file = fileFor(key);
        Slot slot = SLOTS.computeIfAbsent(file, f -> new Slot());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!slot.threads.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(key, timeout, file, "held by another thread of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockTimeoutException(key, "interrupted while waiting for lock " + key);
        }
        if (slot.threads.getHoldCount() > 1) {
            return new Held(key, slot);
        }
        try {
            slot.fileLock = lockFile(key, file, timeout, deadline);
        } catch (RuntimeException e) {
            slot.threads.unlock();
            throw e;
        }
        return new Held(key, slot);
    }

    private FileLock lockFile(String key, Path file, Duration timeout, long deadline) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long sleep = POLL_MIN_MS;
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    recordHolder(channel);
                    return lock;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String holder = holderOf(channel);
                    channel.close();
                    throw timedOut(key, timeout, file, holder);
                }
                Thread.sleep(Math.min(sleep, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
                sleep = Math.min(POLL_MAX_MS, sleep * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            throw new LockTimeoutException(key, "interrupted while waiting for lock " + key);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BackendException(BackendException.Kind.BACKEND_ERROR,
                    "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes our pid into the lock file so a waiter that times out can say who holds it. */
    private static void recordHolder(FileChannel channel) throws IOException {
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
    }

    private static String holderOf(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = channel.read(buf, 0);
            String pid = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,10}") ? "held by pid " + pid : "held by another process";
        } catch (IOException e) {
            return "held by another process";
        }
    }

    private static LockTimeoutException timedOut(String key, Duration timeout, Path file, String holder) {
        return new LockTimeoutException(key, "timed out after " + seconds(timeout) + " waiting for lock "
                + key + " (" + holder + ", " + file + ")");
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.3fs", ms / 1000.0);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    /** Per-file state; fields are guarded by {@code threads}. */
    private static final class Slot {
        final ReentrantLock threads = new ReentrantLock(true);
        FileLock fileLock;
    }

    private static final class Held implements HeldLock {
        private final String key;
        private final Slot slot;
        private boolean closed;

        Held(String key, Slot slot) {
            this.key = key;
            this.slot = slot;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (slot.threads.getHoldCount() == 1 && slot.fileLock != null) {
                    FileLock lock = slot.fileLock;
                    slot.fileLock = null;
                    closeQuietly(lock.channel()); // closing the channel releases the lock
                }
            } finally {
                slot.threads.unlock();
            }
        }
    }
}
