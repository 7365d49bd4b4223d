package io.storagedrivers.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A separate JVM for FileLocksCrossProcessIT: takes the lock {@code rounds} times and, while
 * holding it, appends "enter PID", sleeps, appends "exit PID" to a shared log.
 * Args: lockDir key log rounds holdMillis.
 */
public final class LockContender {
    private LockContender() {
    }

    public static void main(String[] args) throws Exception {
        FileLocks locks = new FileLocks(Path.of(args[0]));
        Path log = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        long hold = Long.parseLong(args[4]);
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < rounds; i++) {
            try (HeldLock l = locks.acquire(args[1], Duration.ofSeconds(60))) {
                append(log, "enter " + pid);
                Thread.sleep(hold);
                append(log, "exit " + pid);
            }
        }
    }

    private static void append(Path log, String line) throws IOException {
        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
