package io.storagedrivers.one;

import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/** Undoes a half-made volume after a failure, keeping the original error as the one that is reported. */
public final class Cleanup {
    private Cleanup() {
    }

    /** Best-effort delete of {@code ref}; a failure to delete is logged and added to {@code cause} as suppressed. */
    public static void deleteVolume(ActionContext ctx, VolumeBackend backend, VolumeRef ref, RuntimeException cause) {
        try {
            backend.delete(ref, false);
            ctx.reply().info("removed " + ref + " after the failure");
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            ctx.reply().error("could not remove " + ref + " after the failure: " + e.getMessage());
        }
    }
}
