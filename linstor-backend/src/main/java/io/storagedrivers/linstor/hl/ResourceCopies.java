package io.storagedrivers.linstor.hl;

import java.time.Duration;
import java.util.List;

import io.storagedrivers.linstor.api.Endpoints;
import io.storagedrivers.linstor.api.LinstorException;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneRequest;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCreate;
import io.storagedrivers.linstor.api.dto.ResourceGroupSpawn;
import io.storagedrivers.linstor.api.dto.Snapshot;
import io.storagedrivers.linstor.api.dto.SnapshotRestore;

/**
 * The multi-call operations of {@link Resource}: snapshot, restore, clone, spawn. Each one
 * removes what it made when a later step fails, so nothing half-made is left behind.
 */
final class ResourceCopies {
    private ResourceCopies() {
    }

    static void snapshotCreate(Resource r, String snapshot) {
        requireDefined(r);
        r.linstor().client().api().createSnapshot(r.linstorName(), new Snapshot(snapshot, null, null, null, null, null,
                null, null, null, null));
    }

    static Resource restore(Resource src, String snapshot, String newName) {
        requireDefined(src);
        Endpoints api = src.linstor().client().api();
        requireLinstorName(newName);
        api.createResourceDefinition(new ResourceDefinitionCreate(null, null, null, null, new ResourceDefinition(newName,
                null, null, null, null, null, src.resourceGroup(), null)));
        try {
            SnapshotRestore req = new SnapshotRestore(newName, null, null);
            api.restoreVolumeDefinitions(src.linstorName(), snapshot, req);
            api.restoreResources(src.linstorName(), snapshot, req);
        } catch (RuntimeException e) {
            removeQuietly(api, newName, e);
            throw e;
        }
        return src.linstor().resource(newName);
    }

    static Resource serverClone(Resource src, String newName, String resourceGroup) {
        requireDefined(src);
        requireLinstorName(newName);
        Endpoints api = src.linstor().client().api();
        api.clone(src.linstorName(), new ResourceDefinitionCloneRequest(newName, null, null, null, null, resourceGroup,
                null, null, null));
        try {
            waitForClone(src, api, newName);
        } catch (RuntimeException e) {
            removeQuietly(api, newName, e);
            throw e;
        }
        return src.linstor().resource(newName);
    }

    private static void waitForClone(Resource src, Endpoints api, String newName) {
        Duration interval = src.linstor().clonePollInterval();
        long deadline = System.nanoTime() + src.linstor().cloneTimeout().toNanos();
        while (true) {
            String status = api.cloneStatus(src.linstorName(), newName).status();
            if ("COMPLETE".equals(status)) {
                return;
            }
            if ("FAILED".equals(status)) {
                throw new LinstorException("LINSTOR clone of " + src.linstorName() + " to " + newName + " failed");
            }
            if (System.nanoTime() > deadline) {
                throw new LinstorException("LINSTOR clone of " + src.linstorName() + " to " + newName
                        + " did not complete within " + src.linstor().cloneTimeout());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LinstorException("interrupted while waiting for a LINSTOR clone", e);
            }
        }
    }

    static Resource snapshotClone(Resource src, String newName) {
        String temp = "for-" + newName;
        if (!ResourceNames.valid(temp)) {
            temp = "for-clone";
        }
        snapshotCreate(src, temp);
        try {
            return restore(src, temp, newName);
        } finally {
            src.snapshotDelete(temp);
        }
    }

    static Resource spawn(Linstor ls, String rg, String name, List<Long> sizesBytes, boolean definitionsOnly,
                          List<String> layers) {
        boolean plain = ResourceNames.valid(name);
        io.storagedrivers.linstor.api.dto.AutoSelectFilter f = layers == null ? null
                : new io.storagedrivers.linstor.api.dto.AutoSelectFilter(null, null, null, null, null, null, null, null,
                        null, null, null, layers, null, null, null, null, null);
        ls.client().api().spawn(rg, new ResourceGroupSpawn(plain ? name : "", plain ? null : name,
                sizesBytes.stream().map(ResourceNames::kib).toList(), f, null, definitionsOnly, null, null, null));
        return ls.resource(name);
    }

    private static void removeQuietly(Endpoints api, String rd, RuntimeException cause) {
        try {
            api.deleteResourceDefinition(rd);
        } catch (RuntimeException again) {
            cause.addSuppressed(again);
        }
    }

    private static void requireDefined(Resource r) {
        if (!r.defined()) {
            throw new IllegalStateException("LINSTOR resource " + r.name() + " does not exist");
        }
    }

    private static void requireLinstorName(String n) {
        if (!ResourceNames.valid(n)) {
            throw new IllegalArgumentException("'" + n + "' is not a valid LINSTOR resource name");
        }
    }
}
