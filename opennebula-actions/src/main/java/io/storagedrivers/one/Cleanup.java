package io.storagedrivers.one;

import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/** Undoes a half-made volume after a failure, keeping the original error as the one that is reported. */
public final class Cleanup {
    private Cleanup() {
    }

    /** Best-effort delete of {@code ref}, reported by {@link Reply#undone}; a failure to delete is added to {@code cause} as suppressed. */
    public static void deleteVolume(ActionContext ctx, VolumeBackend backend, VolumeRef ref, RuntimeException cause) {
        try {
            backend.delete(ref, false);
            ctx.reply().undone("removed " + ref + " after the failure", true);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            ctx.reply().undone("could not remove " + ref + " after the failure: " + e.getMessage(), false);
        }
    }
}
