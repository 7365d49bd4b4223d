package io.storagedrivers.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.spi.BackendException;

class FileLocksTest {
    @TempDir
    Path dir;

    @Test
    void takesAndReleases() throws Exception {
        FileLocks locks = new FileLocks(dir);
        try (HeldLock l = locks.acquire("vg-one-100", Duration.ofSeconds(1))) {
            assertEquals("vg-one-100", l.key());
            assertTrue(Files.exists(dir.resolve("vg-one-100.lock")));
            String pid = Files.readString(dir.resolve("vg-one-100.lock")).strip();
            assertEquals(String.valueOf(ProcessHandle.current().pid()), pid);
        }
        try (HeldLock l = locks.acquire("vg-one-100", Duration.ofSeconds(1))) {
            assertEquals("vg-one-100", l.key());
        }
    }

    @Test
    void secondThreadTimesOutWithClearMessage() throws Exception {
        FileLocks locks = new FileLocks(dir);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> {
                try (HeldLock l = locks.acquire("k", Duration.ofSeconds(1))) {
                    held.countDown();
                    done.await();
                }
                return null;
            });
            assertTrue(held.await(5, TimeUnit.SECONDS));
            LockTimeoutException e = assertThrows(LockTimeoutException.class,
                    () -> new FileLocks(dir).acquire("k", Duration.ofMillis(200)));
            assertEquals(BackendException.Kind.BUSY, e.kind());
            assertEquals("k", e.key());
            assertTrue(e.getMessage().startsWith("timed out after 0.200s waiting for lock k ("), e.getMessage());
        } finally {
            done.countDown();
            other.shutdown();
            assertTrue(other.awaitTermination(5, TimeUnit.SECONDS));
        }
        new FileLocks(dir).acquire("k", Duration.ofSeconds(1)).close();
    }

    @Test
    void threadsSerialise() throws Exception {
        FileLocks locks = new FileLocks(dir);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fs.add(pool.submit(() -> {
                try (HeldLock l = locks.acquire("vg", Duration.ofSeconds(30))) {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    inside.decrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(1, maxInside.get());
    }

    @Test
    void reentrantInOneThread() {
        FileLocks locks = new FileLocks(dir);
        try (HeldLock outer = locks.acquire("vg", Duration.ofSeconds(1))) {
            try (HeldLock inner = locks.acquire("vg", Duration.ofSeconds(1))) {
                assertEquals("vg", inner.key());
            }
            // still held by us after the inner release: another thread must not get it
            assertFalse(otherThreadGets(locks, "vg"));
        }
        assertTrue(otherThreadGets(locks, "vg"));
    }

    @Test
    void differentKeysDoNotBlock() {
        FileLocks locks = new FileLocks(dir);
        try (HeldLock a = locks.acquire("a", Duration.ofSeconds(1))) {
            assertTrue(otherThreadGets(locks, "b"));
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        FileLocks locks = new FileLocks(dir);
        HeldLock l = locks.acquire("x", Duration.ofSeconds(1));
        l.close();
        l.close();
        assertTrue(otherThreadGets(locks, "x"));
    }

    @Test
    void createsMissingDirectory() {
        FileLocks locks = new FileLocks(dir.resolve("a/b"));
        locks.acquire("x", Duration.ofSeconds(1)).close();
        assertTrue(Files.exists(dir.resolve("a/b/x.lock")));
    }

    @Test
    void unusableDirectoryIsABackendError() throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "");
        BackendException e = assertThrows(BackendException.class,
                () -> new FileLocks(file).acquire("x", Duration.ofSeconds(1)));
        assertEquals(BackendException.Kind.BACKEND_ERROR, e.kind());
        assertTrue(e.getMessage().startsWith("cannot lock " + file), e.getMessage());
    }

    @Test
    void directoryFromEnvironment() {
        assertEquals(Path.of("/x/y"), FileLocks.defaultDir(Map.of(FileLocks.ENV_DIR, "/x/y")));
        Path d = FileLocks.defaultDir(Map.of());
        assertTrue(d.equals(FileLocks.DEFAULT_DIR) || d.endsWith("storage-drivers-lock"), d.toString());
    }

    @Test
    void durationsPrintAsSeconds() {
        assertEquals("120s", FileLocks.seconds(Duration.ofSeconds(120)));
        assertEquals("1.500s", FileLocks.seconds(Duration.ofMillis(1500)));
    }

    private static boolean otherThreadGets(FileLocks locks, String key) {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            return ex.submit(() -> {
                try (HeldLock l = locks.acquire(key, Duration.ofMillis(100))) {
                    return true;
                } catch (LockTimeoutException e) {
                    return false;
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            ex.shutdown();
        }
    }
}
