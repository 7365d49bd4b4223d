package io.storagedrivers.one.tm;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/** Makes a volume usable as {@code disk.N} on a host: attach, mkdir of the VM dir, {@code ln -sfn}. */
final class DiskLinks {
    private DiskLinks() {
    }

    /** Attaches {@code ref} on the path's host and links the path to the device; returns the device. */
    static String attachAndLink(ActionContext ctx, VolumeBackend backend, VolumeRef ref, VmDir path) {
        String device = backend.attach(ref, path.host());
        ctx.files(path.host()).links(path.dir(), java.util.Map.of(path.location().path(), device));
        ctx.reply().info("linked " + path.location() + " -> " + device);
        return device;
    }

    /** Best-effort undo of {@link #attachAndLink} after a failure, keeping {@code cause} as the error. */
    static void undo(ActionContext ctx, VolumeBackend backend, VolumeRef ref, VmDir path, boolean detach,
                     RuntimeException cause) {
        try {
            ctx.files(path.host()).remove(path.location().path());
            if (detach) {
                backend.detach(ref, path.host());
            }
            ctx.reply().info("undone after the failure: removed the link " + path.location()
                    + (detach ? " and deactivated " + ref + " on " + path.host() : ""));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            ctx.reply().error("could not undo the link of " + path.location() + ": " + e.getMessage());
        }
    }
}
