package io.storagedrivers.linstor.hl;

import java.time.Duration;
import java.util.List;

import io.storagedrivers.linstor.api.ClientConfig;
import io.storagedrivers.linstor.api.LinstorClient;

/**
 * Entry to the high-level API (python-linstor's {@code Resource}/{@code ResourceGroup}, in Java):
 * one client shared by every object made here.
 */
public final class Linstor implements AutoCloseable {
    private final LinstorClient client;
    private Duration clonePollInterval = Duration.ofMillis(500);
    private Duration cloneTimeout = Duration.ofHours(6);

    public Linstor(LinstorClient client) {
        this.client = client;
    }

    public static Linstor connect(ClientConfig cfg) {
        return new Linstor(new LinstorClient(cfg));
    }

    public LinstorClient client() {
        return client;
    }

    /** A resource by its user-facing name; nothing is created until a change is asked for. */
    public Resource resource(String name) {
        return new Resource(this, name, null);
    }

    /** A resource that will be created in {@code resourceGroup}. */
    public Resource resource(String name, String resourceGroup) {
        return new Resource(this, name, resourceGroup);
    }

    /** A resource group, created (with one volume group) if missing. */
    public ResourceGroup resourceGroup(String name) {
        return ResourceGroup.ensure(this, name);
    }

    /**
     * Spawns {@code name} from {@code resourceGroup} with volumes of the given sizes (bytes), with
     * the layer stack {@code layers} (e.g. {@code [NVME, STORAGE]}; null = the group's); only the
     * definitions when {@code definitionsOnly} (placement is then the caller's).
     */
    public Resource spawn(String resourceGroup, String name, List<Long> sizesBytes, boolean definitionsOnly,
                          List<String> layers) {
        return ResourceCopies.spawn(this, resourceGroup, name, sizesBytes, definitionsOnly, layers);
    }

    /** How often and how long server-side clones are polled. */
    public Linstor withClonePolling(Duration interval, Duration timeout) {
        this.clonePollInterval = interval;
        this.cloneTimeout = timeout;
        return this;
    }

    Duration clonePollInterval() {
        return clonePollInterval;
    }

    Duration cloneTimeout() {
        return cloneTimeout;
    }

    @Override
    public void close() {
        client.close();
    }
}
