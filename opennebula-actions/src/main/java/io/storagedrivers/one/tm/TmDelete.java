package io.storagedrivers.one.tm;

import java.util.List;
import java.util.Optional;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.HostFiles;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDisk;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.one.datastore.BridgeHosts;

/**
 * {@code delete host:path vmid ds_id}: for a {@code disk.N}, removes the VM's own volume (clone or
 * volatile; zeroed first unless the system datastore says ZERO_LVM_ON_DELETE=no), only deactivates
 * a persistent image, then removes the link; for the VM directory, removes it. LVM work for a VM
 * that is no longer on {@code host} (stopped/undeployed: oned passes the frontend) goes to a
 * BRIDGE_LIST host or the frontend. What is already gone is success. A host the operator released
 * as gone ({@code storage host-release}) is not needed: its deactivation counts as done and the
 * link or directory on it is left.
 */
public final class TmDelete extends TmAction {

    public TmDelete() {
        super(3, 3, "host:path vmid ds_id");
    }

    @Override
    public String name() {
        return "delete";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        VmDir path = VmDir.of(HostPath.parse(args.get(0)), vmId(args.get(1)));
        dsId(args.get(2));
        ctx.connectAhead(path.host());
        if (path.diskId() < 0) {
            if (removeOnHost(ctx, path, () -> ctx.files(path.host()).removeTree(path.dir()))) {
                ctx.reply().info("removed " + path.location());
            }
            return;
        }
        OneVm vm = ctx.one().vm(path.vmId());
        Optional<OneDisk> disk = vm.disk(path.diskId());
        boolean unlinked = false;
        if (disk.isPresent()) {
            OneDatastore systemDs = ctx.one().datastore(path.systemDsId());
            unlinked = releaseVolume(ctx, vm, VmDisk.of(ctx, vm, disk.get(), systemDs), systemDs, path);
        } else {
            ctx.reply().info(path.location() + " is not a DISK of VM " + vm.id() + " (context); removing the file only");
        }
        if (!unlinked) {
            removeOnHost(ctx, path, () -> ctx.files(path.host()).remove(path.location().path()));
        }
    }

    /** Runs {@code removal} on the host; false when the host is unreachable and released as gone. */
    private static boolean removeOnHost(ActionContext ctx, VmDir path, Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (CommandFailedException e) {
            OneDatastore systemDs = ctx.one().datastore(path.systemDsId());
            if (e.reason() != CommandFailedException.Reason.CONNECTION_FAILED
                    || !ctx.backend(systemDs).releasedHosts(ctx.profile().pool(systemDs)).contains(path.host())) {
                throw e;
            }
            ctx.reply().info("host " + path.host() + " was released as gone: " + path.location() + " is left there");
            return false;
        }
    }

    /**
     * Deactivates (on the link's host: with the link's removal, in one request where the backend
     * can, {@link io.storagedrivers.spi.VolumeBackend#detachThen}), then removes the VM's own
     * volume. Whether the link was dealt with here (removed, or left on a host released as gone).
     */
    private static boolean releaseVolume(ActionContext ctx, OneVm vm, VmDisk disk, OneDatastore systemDs, VmDir path) {
        String host = path.host().equals(vm.lastHostname()) ? path.host() : BridgeHosts.pick(systemDs);
        boolean unlinked = false;
        if (!disk.sharedBetweenVms() && host.equals(path.host())) {
            List<List<String>> unlink = List.of(HostFiles.removeArgv(path.location().path()));
            if (!disk.backend().detachThen(disk.ref(), host, unlink,
                    argvs -> removeOnHost(ctx, path, () -> ctx.files(host).runAll(argvs)))) {
                ctx.reply().info("host " + host + " was released as gone: " + path.location() + " is left there");
            }
            unlinked = true;
        } else if (!disk.sharedBetweenVms()) {
            disk.backend().detach(disk.ref(), host);
        }
        if (disk.owned()) {
            boolean zero = ctx.profile().zeroOnDelete(systemDs);
            disk.backend().preferringHost(host).delete(disk.ref(), zero);
            ctx.reply().info("removed " + disk.ref() + (zero ? " (zeroed first)" : ""));
        } else {
            ctx.reply().info("kept " + disk.ref() + ": it is an image, not a copy of the VM");
        }
        return unlinked;
    }
}
