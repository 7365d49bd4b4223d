package io.storagedrivers.linstor.api;

import static io.storagedrivers.linstor.api.Paths.path;
import static io.storagedrivers.linstor.api.Paths.query;

import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;

import io.storagedrivers.linstor.api.dto.ApiCallRc;
import io.storagedrivers.linstor.api.dto.AutoPlaceRequest;
import io.storagedrivers.linstor.api.dto.ResourceCreate;
import io.storagedrivers.linstor.api.dto.ResourceDefinition;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneRequest;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneStarted;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCloneStatus;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionCreate;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionModify;
import io.storagedrivers.linstor.api.dto.ResourceDefinitionSyncStatus;
import io.storagedrivers.linstor.api.dto.ResourceGroup;
import io.storagedrivers.linstor.api.dto.ResourceGroupModify;
import io.storagedrivers.linstor.api.dto.ResourceGroupSpawn;
import io.storagedrivers.linstor.api.dto.ResourceMakeAvailable;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.Snapshot;
import io.storagedrivers.linstor.api.dto.SnapshotRestore;
import io.storagedrivers.linstor.api.dto.SnapshotRollback;
import io.storagedrivers.linstor.api.dto.ToggleDiskRequest;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionCreate;
import io.storagedrivers.linstor.api.dto.VolumeDefinitionModify;
import io.storagedrivers.linstor.api.dto.VolumeGroup;

/**
 * The REST calls of resource groups, definitions, resources and snapshots. Every change says how
 * it is retried when a controller stops answering: resent when harmless, or first checked
 * against re-read state. Deletes of absent objects succeed (LINSTOR answers WARN_NOT_FOUND, or
 * a not-found error for a missing parent, which is success too).
 */
public final class Endpoints {
    private static final String RG = "/v1/resource-groups";
    private static final String RD = "/v1/resource-definitions";

    private final LinstorClient c;

    Endpoints(LinstorClient c) {
        this.c = c;
    }

    // --- resource groups ----------------------------------------------------------------------

    public List<ResourceGroup> resourceGroups(List<String> names) {
        return c.get(RG + query("resource_groups", names), new TypeReference<>() { });
    }

    public List<ApiCallRc> createResourceGroup(ResourceGroup rg) {
        return c.change("POST", RG, rg, () -> !resourceGroups(List.of(rg.name())).isEmpty());
    }

    public List<ApiCallRc> modifyResourceGroup(String rg, ResourceGroupModify mod) {
        return c.change("PUT", path(RG, rg), mod, Retry.SAFE);
    }

    public List<ApiCallRc> deleteResourceGroup(String rg) {
        return deleting(() -> c.change("DELETE", path(RG, rg), null, Retry.SAFE));
    }

    public List<VolumeGroup> volumeGroups(String rg) {
        return c.get(path(RG, rg, "volume-groups"), new TypeReference<>() { });
    }

    public List<ApiCallRc> createVolumeGroup(String rg, VolumeGroup vg) {
        return c.change("POST", path(RG, rg, "volume-groups"), vg, () -> !volumeGroups(rg).isEmpty());
    }

    /** Spawn is atomic on the controller: the RD exists afterwards only if placement succeeded. */
    public List<ApiCallRc> spawn(String rg, ResourceGroupSpawn spawn) {
        return c.change("POST", path(RG, rg, "spawn"), spawn,
                () -> !resourceDefinitions(List.of(spawn.resourceDefinitionName()), false).isEmpty());
    }

    // --- resource and volume definitions ------------------------------------------------------

    public List<ResourceDefinition> resourceDefinitions(List<String> names, boolean withVolumeDefinitions) {
        return c.get(RD + query("resource_definitions", names, "with_volume_definitions",
                withVolumeDefinitions ? "true" : null), new TypeReference<>() { });
    }

    public List<ApiCallRc> createResourceDefinition(ResourceDefinitionCreate create) {
        String name = create.resourceDefinition().name();
        return c.change("POST", RD, create, name == null || name.isEmpty() ? null
                : () -> !resourceDefinitions(List.of(name), false).isEmpty());
    }

    public List<ApiCallRc> modifyResourceDefinition(String rd, ResourceDefinitionModify mod) {
        return c.change("PUT", path(RD, rd), mod, Retry.SAFE);
    }

    public List<ApiCallRc> deleteResourceDefinition(String rd) {
        return deleting(() -> c.change("DELETE", path(RD, rd), null, Retry.SAFE));
    }

    public List<ApiCallRc> createVolumeDefinition(String rd, VolumeDefinitionCreate create, int expectedCount) {
        return c.change("POST", path(RD, rd, "volume-definitions"), create,
                () -> volumeDefinitionCount(rd) >= expectedCount);
    }

    private int volumeDefinitionCount(String rd) {
        return resourceDefinitions(List.of(rd), true).stream()
                .mapToInt(d -> d.volumeDefinitions() == null ? 0 : d.volumeDefinitions().size()).sum();
    }

    /** Resize (grow only) or props of a volume definition; resending the same size is harmless. */
    public List<ApiCallRc> modifyVolumeDefinition(String rd, int volumeNumber, VolumeDefinitionModify mod) {
        return c.change("PUT", path(RD, rd, "volume-definitions", volumeNumber), mod, Retry.SAFE);
    }

    public List<ApiCallRc> deleteVolumeDefinition(String rd, int volumeNumber) {
        return deleting(() -> c.change("DELETE", path(RD, rd, "volume-definitions", volumeNumber), null, Retry.SAFE));
    }

    // --- resources ------------------------------------------------------------------------------

    /** Resources with volumes, device paths and states (null filter = all). */
    public List<ResourceWithVolumes> viewResources(List<String> rds, List<String> nodes) {
        return c.get("/v1/view/resources" + query("resources", rds, "nodes", nodes), new TypeReference<>() { });
    }

    public List<ApiCallRc> createResources(String rd, List<ResourceCreate> creates) {
        List<String> nodes = creates.stream().map(rc -> rc.resource().nodeName()).toList();
        return c.change("POST", path(RD, rd, "resources"), creates,
                () -> viewResources(List.of(rd), nodes).size() == nodes.size());
    }

    public List<ApiCallRc> deleteResource(String rd, String node) {
        return deleting(() -> c.change("DELETE", path(RD, rd, "resources", node), null, Retry.SAFE));
    }

    /** Target-count placement: resending finds the replicas already there (WARN 1006). */
    public List<ApiCallRc> autoplace(String rd, AutoPlaceRequest req) {
        return c.change("POST", path(RD, rd, "autoplace"), req, Retry.SAFE);
    }

    /** Idempotent on the controller ("Resource already deployed as requested"). */
    public List<ApiCallRc> makeAvailable(String rd, String node, ResourceMakeAvailable req) {
        return c.change("POST", path(RD, rd, "resources", node, "make-available"), req, Retry.SAFE);
    }

    public List<ApiCallRc> toggleDisk(String rd, String node, ToggleDiskRequest req) {
        boolean toDiskless = !"INTO_DRBD_DISKFUL".equals(req.operation());
        return c.change("PUT", path(RD, rd, "resources", node, "toggle-disk"), req,
                () -> viewResources(List.of(rd), List.of(node)).stream()
                        .anyMatch(r -> Flags.diskless(r.flags()) == toDiskless));
    }

    // --- snapshots and clones -----------------------------------------------------------------

    public List<Snapshot> snapshots(String rd) {
        return c.get(path(RD, rd, "snapshots"), new TypeReference<>() { });
    }

    public List<Snapshot> viewSnapshots(List<String> rds) {
        return c.get("/v1/view/snapshots" + query("resources", rds), new TypeReference<>() { });
    }

    public List<ApiCallRc> createSnapshot(String rd, Snapshot snap) {
        return c.change("POST", path(RD, rd, "snapshots"), snap,
                () -> snapshots(rd).stream().anyMatch(s -> snap.name().equalsIgnoreCase(s.name())));
    }

    /**
     * A snapshot of each RD (key) named by its value, IO suspended on all of them together
     * (crash-consistent; REST 1.18). After an unanswered request it counts as done when every
     * snapshot exists.
     */
    public List<ApiCallRc> createSnapshots(java.util.Map<String, String> snapshotOfRd) {
        var req = new io.storagedrivers.linstor.api.dto.CreateMultiSnapshotRequest(snapshotOfRd.entrySet().stream()
                .map(e -> new Snapshot(e.getValue(), e.getKey(), null, null, null, null, null, null, null, null)).toList());
        return c.change("POST", "/v1/actions/snapshot/multi", req, () -> snapshotOfRd.entrySet().stream().allMatch(
                e -> snapshots(e.getKey()).stream().anyMatch(s -> e.getValue().equalsIgnoreCase(s.name()))));
    }

    public List<ApiCallRc> deleteSnapshot(String rd, String snapshot) {
        return deleting(() -> c.change("DELETE", path(RD, rd, "snapshots", snapshot), null, Retry.SAFE));
    }

    public List<ApiCallRc> restoreVolumeDefinitions(String rd, String snapshot, SnapshotRestore req) {
        return c.change("POST", path(RD, rd, "snapshot-restore-volume-definition", snapshot), req,
                () -> volumeDefinitionCount(req.toResource()) > 0);
    }

    public List<ApiCallRc> restoreResources(String rd, String snapshot, SnapshotRestore req) {
        return c.change("POST", path(RD, rd, "snapshot-restore-resource", snapshot), req,
                () -> !viewResources(List.of(req.toResource()), null).isEmpty());
    }

    public List<ApiCallRc> rollback(String rd, String snapshot) {
        return c.change("POST", path(RD, rd, "snapshot-rollback", snapshot), new SnapshotRollback(null), Retry.SAFE);
    }

    public ResourceDefinitionCloneStarted clone(String rd, ResourceDefinitionCloneRequest req) {
        ResourceDefinitionCloneStarted started = c.changeForObject("POST", path(RD, rd, "clone"), req,
                () -> !resourceDefinitions(List.of(req.name()), false).isEmpty(), new TypeReference<>() { });
        if (started.messages() != null) {
            ApiCalls.requireSuccess(started.messages(), 500);
        }
        return started;
    }

    public ResourceDefinitionCloneStatus cloneStatus(String rd, String clone) {
        return c.get(path(RD, rd, "clone", clone), new TypeReference<>() { });
    }

    public ResourceDefinitionSyncStatus syncStatus(String rd) {
        return c.get(path(RD, rd, "sync-status"), new TypeReference<>() { });
    }

    private static List<ApiCallRc> deleting(java.util.function.Supplier<List<ApiCallRc>> call) {
        try {
            return call.get();
        } catch (LinstorApiException.NotFound gone) {
            return gone.all();
        }
    }
}
