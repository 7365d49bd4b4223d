package io.storagedrivers.sharedlvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeRef;

/**
 * The host side of growing an attached LV ({@link LvProvisioning#resize}): whether the LV is active
 * on each host it is attached to is asked ({@link HostLvm#active}, one {@code lvs} of that LV
 * there), every host on a thread of its own, then {@link #refresh} runs {@code vgchange --refresh}
 * where it is active.
 */
final class GrowRefresh {
    private final HostLvm hostLvm;
    private final Runners runners;
    private final VolumeRef volume;
    /** Per host: the question, and the thread asking it (interrupted with the action's). */
    private final Map<String, FutureTask<Boolean>> active = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    private GrowRefresh(HostLvm hostLvm, Runners runners, VolumeRef volume) {
        this.hostLvm = hostLvm;
        this.runners = runners;
        this.volume = volume;
    }

    /** Starts asking every host of {@code attachedOn} (one thread each) whether the LV is active there. */
    static GrowRefresh start(HostLvm hostLvm, Runners runners, VolumeRef volume, Set<String> attachedOn) {
        GrowRefresh r = new GrowRefresh(hostLvm, runners, volume);
        for (String host : attachedOn) {
            FutureTask<Boolean> task = new FutureTask<>(() -> hostLvm.active(runners.host(host), volume.pool(), volume.name()));
            Thread t = new Thread(task, "grow-check-" + host);
            t.setDaemon(true);
            r.active.put(host, task);
            r.threads.add(t);
            t.start();
        }
        return r;
    }

    /** After the LV grew: {@code vgchange --refresh} on each host where it is active (a host's failure is thrown). */
    void refresh() {
        for (Map.Entry<String, FutureTask<Boolean>> e : active.entrySet()) {
            if (answer(e.getKey(), e.getValue())) {
                hostLvm.refreshVg(runners.host(e.getKey()), volume.pool());
            }
        }
    }

    /**
     * The host's answer; its failure as thrown there. An interrupted action (its time bound)
     * interrupts the questions too, whose SSH commands then stop as the action's own would.
     */
    private boolean answer(String host, FutureTask<Boolean> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.BACKEND_ERROR,
                    "interrupted while asking " + host + " whether " + volume + " is active there");
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
