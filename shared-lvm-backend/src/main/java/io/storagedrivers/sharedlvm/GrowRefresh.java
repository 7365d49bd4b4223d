package io.storagedrivers.sharedlvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;

/**
 * The host side of growing an attached LV ({@link LvProvisioning#resize}): on every host it is
 * attached to, {@link HostLvm#refreshIfActive} (one request: {@code vgchange --refresh} where the
 * LV's device is there), every host on a thread of its own.
 */
final class GrowRefresh {
    private GrowRefresh() {
    }

    /**
     * Refreshes the LV on every host of {@code attachedOn} where it is active, in parallel, and
     * waits for all of them; the first host's failure (in {@code attachedOn}'s order) is thrown,
     * the others' added to it. An interrupted action (its time bound) interrupts every host's
     * request, whose SSH commands then stop as the action's own would.
     */
    static void refresh(HostLvm hostLvm, Runners runners, VolumeRef volume, Set<String> attachedOn) {
        Map<String, FutureTask<Boolean>> tasks = new LinkedHashMap<>();
        Map<String, Thread> threads = new LinkedHashMap<>();
        for (String host : attachedOn) {
            FutureTask<Boolean> task = new FutureTask<>(
                    () -> hostLvm.refreshIfActive(runners.host(host), volume.pool(), volume.name()));
            Thread t = new Thread(task, "grow-refresh-" + host);
            t.setDaemon(true);
            tasks.put(host, task);
            threads.put(host, t);
            t.start();
        }
        RuntimeException failure = null;
        for (Map.Entry<String, FutureTask<Boolean>> e : tasks.entrySet()) {
            try {
                wait(e.getKey(), e.getValue(), volume, threads);
            } catch (RuntimeException f) {
                if (failure == null) {
                    failure = f;
                } else {
                    failure.addSuppressed(f);
                }
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One host's request; its failure as thrown there. */
    private static void wait(String host, FutureTask<Boolean> task, VolumeRef volume, Map<String, Thread> threads) {
        try {
            task.get();
        } catch (InterruptedException e) {
            threads.values().forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.BACKEND_ERROR,
                    "interrupted while refreshing " + volume + " on " + host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
