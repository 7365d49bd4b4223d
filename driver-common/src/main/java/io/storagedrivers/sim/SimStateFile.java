package io.storagedrivers.sim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/**
 * The simulator's state file: every operation reads it, changes it and writes it back under an
 * exclusive lock on {@code <state>.lock}, so several processes (oned actions, the CLI, the Cinder
 * bridge) can share one simulated system. Writes go to a temporary file that is renamed over the
 * state, so a crash never leaves half a file.
 */
final class SimStateFile {

    /**
     * FileChannel locks belong to the whole JVM (a second lock from another thread throws), so
     * threads of one JVM queue on this per-path lock first. It is static because the constraint it
     * models (one OS lock per file per JVM) is process-wide.
     */
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Path lockFile;
    private final long lockTimeoutMillis;
    private final Supplier<SimState> initial;

    SimStateFile(Path file, long lockTimeoutMillis, Supplier<SimState> initial) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.lockTimeoutMillis = lockTimeoutMillis;
        this.initial = initial;
    }

    Path path() {
        return file;
    }

    /** Runs {@code change} on the current state under the lock and saves the state afterwards. */
    <T> T update(Function<SimState, T> change) {
        return locked(true, change);
    }

    /** Runs {@code query} on the current state under the lock; nothing is written. */
    <T> T read(Function<SimState, T> query) {
        return locked(false, query);
    }

    private <T> T locked(boolean write, Function<SimState, T> body) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, p -> new ReentrantLock());
        try {
            if (!jvmLock.tryLock(lockTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(Kind.BUSY, "interrupted while waiting for the simulator lock", e);
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = acquire(ch)) {
                boolean fresh = !Files.exists(file);
                SimState state = fresh ? initial.get() : load();
                T result = body.apply(state);
                if (write || fresh) {
                    save(state);
                }
                return result;
            }
        } catch (IOException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "simulator state " + file + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private FileLock acquire(FileChannel ch) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lockTimeoutMillis);
        while (true) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw busy();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException(Kind.BUSY, "interrupted while waiting for the simulator lock", e);
            }
        }
    }

    private BackendException busy() {
        return new BackendException(Kind.BUSY, "simulator state " + file + " is locked by another process; retry later");
    }

    private SimState load() throws IOException {
        try {
            SimState s = JSON.readValue(file.toFile(), SimState.class);
            if (s == null || s.pools == null || s.volumes == null) {
                throw new BackendException(Kind.BACKEND_ERROR, "simulator state " + file + " is not a state file");
            }
            return s;
        } catch (JacksonException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "simulator state " + file + " is corrupt: "
                    + e.getOriginalMessage(), e);
        }
    }

    private void save(SimState state) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(state)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
