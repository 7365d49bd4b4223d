package io.storagedrivers.linstor.backend;

import java.util.function.Consumer;

import io.storagedrivers.linstor.api.LinstorException;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.hl.Resource;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.VolumeRef;

/**
 * Attach, detach and live migration for {@link LinstorBackend}: a host gets the volume through its
 * own replica, a new replica ({@code LINSTOR_LOCALITY=replica}), a diskless DRBD client or an
 * NVMe-oF initiator, and says which in one INFO line; detach removes only what is diskless;
 * migration allows two primaries while it runs.
 */
final class LinstorAttachments {
    private final Linstor ls;
    private final LinstorSettings settings;
    private final Consumer<String> notices;

    LinstorAttachments(Linstor ls, LinstorSettings settings, Consumer<String> notices) {
        this.ls = ls;
        this.settings = settings;
        this.notices = notices;
    }

    /**
     * Data locality: a host holding a diskful replica uses it; a host without one gets a diskless
     * client, or first a replica of its own when {@code LINSTOR_LOCALITY=replica} and the
     * resource group can place one there (else diskless, said so). One INFO line says which.
     */
    String attach(VolumeRef volume, String host) {
        return LinstorErrors.call("cannot attach " + volume.name() + " on " + host, () -> {
            Resource r = LinstorBackend.existing(ls, volume);
            String how = null;
            if (r.nodes().isDiskful(host)) {
                how = "uses its local replica on " + host;
            } else if (settings.locality() == LinstorSettings.Locality.REPLICA) {
                try {
                    r.diskful(host);
                    how = "got a replica on " + host + " (LINSTOR_LOCALITY=replica); it syncs in the background";
                } catch (LinstorException e) {
                    how = "could not get a replica on " + host + " (" + e.getMessage() + ")";
                }
            }
            String dev = r.activate(host);
            if (dev == null) {
                r.deactivate(host); // undo a diskless client this call may have made
                throw new BackendException(Kind.BACKEND_ERROR, "LINSTOR reports no device for " + volume.name()
                        + " on " + host);
            }
            if (!r.nodes().isDiskful(host)) {
                how = (how == null ? "" : how + "; ") + (r.nodes().isNvmeInitiator(host) ? "attached over NVMe-oF on "
                        + host + " (initiator), target on " : "attached diskless on " + host + ", data on ")
                        + (r.nodes().diskfulNodes().isEmpty() ? "no node" : String.join(", ", r.nodes().diskfulNodes()));
            }
            notices.accept(volume.name() + " " + how);
            return dev;
        });
    }

    void detach(VolumeRef volume, String host) {
        LinstorErrors.run("cannot detach " + volume.name() + " from " + host, () -> {
            Resource r = ls.resource(volume.name());
            if (r.defined()) {
                r.deactivate(host);
            }
        });
    }

    void beginMigration(VolumeRef volume) {
        LinstorErrors.run("cannot prepare migration of " + volume.name(),
                () -> LinstorBackend.existing(ls, volume).allowTwoPrimaries(true));
    }

    void endMigration(VolumeRef volume) {
        LinstorErrors.run("cannot finish migration of " + volume.name(), () -> {
            Resource r = ls.resource(volume.name());
            if (r.defined()) {
                r.allowTwoPrimaries(false);
            }
        });
    }
}
