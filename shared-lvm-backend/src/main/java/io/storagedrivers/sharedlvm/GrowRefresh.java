package io.storagedrivers.sharedlvm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.VolumeRef;

/**
 * The host side of growing an attached LV ({@link LvProvisioning#resize}): whether the LV is active
 * on each host it is attached to is asked ({@link HostLvm#active}, one {@code lvs} of that LV
 * there) while the frontend grows it, in parallel, since the answer does not depend on the
 * {@code lvextend}; then {@link #refresh} runs {@code vgchange --refresh} where it is active. That
 * takes a host round trip off the action's critical path. OpenNebula runs one action of a VM at a
 * time, so the LV cannot be activated on its host between the question and the refresh; an LV
 * activated after the {@code lvextend} gets its new size anyway.
 */
final class GrowRefresh {
    private final HostLvm hostLvm;
    private final Runners runners;
    private final VolumeRef volume;
    private final Map<String, CompletableFuture<Boolean>> active = new LinkedHashMap<>();

    private GrowRefresh(HostLvm hostLvm, Runners runners, VolumeRef volume) {
        this.hostLvm = hostLvm;
        this.runners = runners;
        this.volume = volume;
    }

    /** Starts asking every host of {@code attachedOn} (one thread each) whether the LV is active there. */
    static GrowRefresh start(HostLvm hostLvm, Runners runners, VolumeRef volume, Set<String> attachedOn) {
        GrowRefresh r = new GrowRefresh(hostLvm, runners, volume);
        for (String host : attachedOn) {
            r.active.put(host, CompletableFuture.supplyAsync(
                    () -> hostLvm.active(runners.host(host), volume.pool(), volume.name()), task -> {
                        Thread t = new Thread(task, "grow-check-" + host);
                        t.setDaemon(true);
                        t.start();
                    }));
        }
        return r;
    }

    /** After the LV grew: {@code vgchange --refresh} on each host where it is active (a host's failure is thrown). */
    void refresh() {
        for (Map.Entry<String, CompletableFuture<Boolean>> e : active.entrySet()) {
            if (answer(e.getValue())) {
                hostLvm.refreshVg(runners.host(e.getKey()), volume.pool());
            }
        }
    }

    /** The LV did not grow (the frontend step failed): waits for the questions, whatever they answer. */
    void abandon() {
        for (CompletableFuture<Boolean> f : active.values()) {
            try {
                f.join();
            } catch (CompletionException ignored) {
                // the frontend's failure is the one the caller reports
            }
        }
    }

    private static boolean answer(CompletableFuture<Boolean> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
