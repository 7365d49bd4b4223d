package io.storagedrivers.linstor.backend;

import java.util.List;
import java.util.function.Consumer;

import io.storagedrivers.linstor.api.LinstorException;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.VolumeRef;

/**
 * Places new resources with a replica on the host they are made for (a VM's deploy host) when the
 * resource group allows it (a pool there its autoplace settings accept), as addon-linstor places a
 * VM's disks near its deploy host; otherwise as the group places them. Without a preferred host
 * the group's spawn alone decides. Says where in one INFO line.
 */
final class HostPlacement {
    private final Linstor ls;
    private final LinstorSettings settings;
    private final String preferredHost;
    private final Consumer<String> notices;

    HostPlacement(Linstor ls, LinstorSettings settings, String preferredHost, Consumer<String> notices) {
        this.ls = ls;
        this.settings = settings;
        this.preferredHost = preferredHost;
        this.notices = notices;
    }

    /** Puts a replica of the new resource on the preferred host when the group allows it; says which. Returns whether it is diskful there. */
    boolean placeNearHost(Resource r) {
        if (preferredHost == null || r.nodes().isDiskful(preferredHost)) {
            return preferredHost != null;
        }
        try {
            r.activateDiskful(preferredHost);
            notices.accept(r.name() + " placed with a replica on " + preferredHost + " (the host it is made for)");
            return true;
        } catch (LinstorException e) {
            notices.accept(r.name() + " has no replica on " + preferredHost + " (" + e.getMessage() + ")");
            return false;
        }
    }

    /**
     * Spawns {@code volume} from its group: with a preferred host, as definitions only, a replica on
     * that host first (when the group allows), then the group's autoplace for the rest; a failure
     * removes the half-made resource.
     */
    Resource spawn(VolumeRef volume, long sizeBytes) {
        if (preferredHost == null) {
            return ls.spawn(volume.pool(), volume.name(), List.of(sizeBytes), false, settings.layerList());
        }
        Resource r = ls.spawn(volume.pool(), volume.name(), List.of(sizeBytes), true, settings.layerList());
        try {
            placeNearHost(r);
            return r.refresh().autoplace();
        } catch (RuntimeException e) {
            try {
                ls.resource(volume.name()).delete(true);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
