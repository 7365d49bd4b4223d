package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/** Undoes a half-made volume after a failure, keeping the original error as the one that is reported. */
final class Cleanup {
    private Cleanup() {
    }

    static void deleteVolume(ActionContext ctx, VolumeBackend backend, VolumeRef ref, RuntimeException cause) {
        try {
            backend.delete(ref, false);
            ctx.reply().info("removed " + ref + " after the failure");
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            ctx.reply().error("could not remove " + ref + " after the failure: " + e.getMessage());
        }
    }
}
