package io.storagedrivers.linstor.hl;

import java.util.List;
import java.util.Map;

import io.storagedrivers.linstor.api.Endpoints;
import io.storagedrivers.linstor.api.Flags;
import io.storagedrivers.linstor.api.dto.ResourceCreate;
import io.storagedrivers.linstor.api.dto.ResourceMakeAvailable;
import io.storagedrivers.linstor.api.dto.ResourceWithVolumes;
import io.storagedrivers.linstor.api.dto.ToggleDiskRequest;

/**
 * The per-node changes of {@link Resource}: make-available (diskless, or diskful in a pool the
 * resource group allows), removing a diskless client (never a replica), and creating or toggling
 * a node's resource into diskless or diskful. Each defines the resource first and re-reads it after.
 */
final class NodeChanges {
    private NodeChanges() {
    }

    static String makeAvailable(Resource r, String node, boolean diskful) {
        r.define();
        api(r).makeAvailable(r.linstorName(), node, new ResourceMakeAvailable(r.placement().layerList(), diskful,
                null, null, null));
        r.refresh();
        return r.nodes().devicePath(node, 0);
    }

    static void removeDiskless(Resource r, String node) {
        ResourceWithVolumes on = r.assignment(node);
        if (on != null && Flags.diskless(on.flags())) {
            api(r).deleteResource(r.linstorName(), on.nodeName());
        }
        r.refresh();
    }

    static void assign(Resource r, String node, boolean diskless) {
        r.define();
        ResourceWithVolumes on = r.assignment(node);
        if (on != null && Flags.diskless(on.flags()) == diskless) {
            return;
        }
        Placement placement = r.placement();
        String pool = diskless ? placement.disklessStoragePool() : placement.storagePool();
        if (on == null) {
            List<String> flags = diskless ? List.of(Flags.DRBD_DISKLESS) : null;
            Map<String, String> props = pool == null ? null : Map.of("StorPoolName", pool);
            api(r).createResources(r.linstorName(), List.of(new ResourceCreate(new io.storagedrivers.linstor.api.dto.Resource(
                    null, node, props, null, flags, null, null, null, null), placement.layerList(), null, null, null,
                    null, null, null)));
        } else {
            api(r).toggleDisk(r.linstorName(), on.nodeName(), new ToggleDiskRequest(diskless ? "INTO_DRBD_DISKLESS"
                    : "INTO_DRBD_DISKFUL", pool, null, null));
        }
        r.refresh();
    }

    private static Endpoints api(Resource r) {
        return r.linstor().client().api();
    }
}
