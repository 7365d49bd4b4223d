package io.storagedrivers.cinderbridge.ops;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.storagedrivers.cinderbridge.ops.ApiException.Code;

/**
 * How many requests run at once on one backend, so that a slow backend (a hung SSH session, a
 * frozen LINSTOR controller) holds at most its own share of the bridge: {@code maxRunning} run,
 * up to {@value #WAITING_PER_RUNNING} times as many more wait up to {@code maxWait} for their turn (a burst
 * of requests is queued, not refused), and the rest are answered BACKEND_BUSY
 * at once. Requests for other backends and health checks never wait here.
 */
public final class BackendGate {
    /** Waiting requests per running one: 16 running, 64 waiting by default. */
    public static final int WAITING_PER_RUNNING = 4;
    private final String backend;
    private final int maxRunning;
    private final Semaphore running;
    private final AtomicInteger inside = new AtomicInteger(); // running + waiting
    private final Duration maxWait;

    public BackendGate(String backend, int maxRunning, Duration maxWait) {
        this.backend = backend;
        this.maxRunning = maxRunning;
        this.running = new Semaphore(maxRunning, true);
        this.maxWait = maxWait;
    }

    /** A turn to run; close it when done. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    public Turn enter() {
        if (inside.incrementAndGet() > (1 + WAITING_PER_RUNNING) * maxRunning) {
            inside.decrementAndGet();
            throw busy(WAITING_PER_RUNNING * maxRunning + " more are waiting");
        }
        boolean turn = false;
        try {
            turn = running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!turn) {
            inside.decrementAndGet();
            throw busy("no turn within " + maxWait.toSeconds() + " s");
        }
        return () -> {
            running.release();
            inside.decrementAndGet();
        };
    }

    /** Requests running or waiting for a turn. */
    public int inside() {
        return inside.get();
    }

    private ApiException busy(String why) {
        return new ApiException(Code.BACKEND_BUSY, "backend " + backend + " is busy: " + maxRunning
                + " requests running, " + why + "; try again later");
    }
}
