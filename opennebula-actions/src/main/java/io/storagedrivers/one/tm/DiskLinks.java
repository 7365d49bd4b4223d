package io.storagedrivers.one.tm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostFiles;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/** Makes a volume usable as {@code disk.N} on a host: attach, mkdir of the VM dir, {@code ln -sfn}. */
final class DiskLinks {
    private DiskLinks() {
    }

    /**
     * Attaches {@code ref} on the path's host and links the path to the device, one request to the
     * host where the backend can ({@link VolumeBackend#attachAllThen}); returns the device.
     */
    static String attachAndLink(ActionContext ctx, VolumeBackend backend, VolumeRef ref, VmDir path) {
        return attachAndLink(ctx, backend, ref, path, device -> List.of());
    }

    /**
     * {@link #attachAndLink}, then the commands {@code after} makes of the device path (mkswap of
     * a new swap disk), in the same request to the host where the backend can.
     */
    static String attachAndLink(ActionContext ctx, VolumeBackend backend, VolumeRef ref, VmDir path,
                                Function<String, List<List<String>>> after) {
        String device = backend.attachAllThen(List.of(ref), path.host(), devices -> {
            List<List<String>> commands = new ArrayList<>(
                    HostFiles.linkCommands(path.dir(), Map.of(path.location().path(), devices.get(0))));
            commands.addAll(after.apply(devices.get(0)));
            return commands;
        }, commands -> ctx.files(path.host()).runAll(commands)).get(0);
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
