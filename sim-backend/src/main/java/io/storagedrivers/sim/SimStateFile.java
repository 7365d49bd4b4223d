package io.storagedrivers.sim;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.lock.HeldLock;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/**
 * The simulator's state file: every operation reads it, changes it and writes it back under an
 * exclusive {@link FileLocks} lock on {@code <state>.lock} next to it, so several processes (oned actions, the CLI, the Cinder
 * bridge) can share one simulated system. Writes go to a temporary file that is renamed over the
 * state, so a crash never leaves half a file.
 */
final class SimStateFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final FileLocks locks;
    private final Duration lockTimeout;
    private final Supplier<SimState> initial;

    SimStateFile(Path file, Duration lockTimeout, Supplier<SimState> initial) {
        this.file = file.toAbsolutePath().normalize();
        this.locks = new FileLocks(this.file.getParent());
        this.lockTimeout = lockTimeout;
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
        try (HeldLock ignored = locks.acquire(file.getFileName().toString(), lockTimeout)) {
            boolean fresh = !Files.exists(file);
            SimState state = fresh ? initial.get() : load();
            T result = body.apply(state);
            if (write || fresh) {
                save(state);
            }
            return result;
        } catch (IOException e) {
            throw new BackendException(Kind.BACKEND_ERROR, "simulator state " + file + ": " + e.getMessage(), e);
        }
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
