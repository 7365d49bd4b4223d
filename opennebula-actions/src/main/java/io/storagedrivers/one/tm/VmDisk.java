package io.storagedrivers.one.tm;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDisk;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * The volume behind one DISK of a VM: a volatile disk in the system datastore's pool, a clone where
 * the profile keeps it (both owned by the VM), or a persistent image / CD-ROM in its image datastore (never removed by a VM
 * action).
 */
record VmDisk(OneDisk disk, VolumeRef ref, VolumeBackend backend, boolean owned) {

    static VmDisk of(ActionContext ctx, OneVm vm, OneDisk disk, OneDatastore systemDs) {
        var profile = ctx.profile();
        if (disk.isVolatile()) {
            return new VmDisk(disk, ctx.volume(systemDs, profile.volatileVolumeName(vm.id(), disk.diskId())),
                    ctx.backend(systemDs), true);
        }
        if (disk.vmOwnsVolume()) {
            OneDatastore home = profile.cloneDatastore(systemDs, () -> ctx.one().datastore(requireDs(vm, disk)));
            return new VmDisk(disk, ctx.volume(home, profile.cloneVolumeName(disk.imageId(), vm.id(),
                    disk.diskId())), ctx.backend(home), true);
        }
        if (disk.source().isBlank()) {
            throw new OneException("DISK " + disk.diskId() + " of VM " + vm.id() + " has no SOURCE");
        }
        OneDatastore imageDs = ctx.one().datastore(requireDs(vm, disk));
        return new VmDisk(disk, profile.volumeOfSource(disk.source(), () -> imageDs), ctx.backend(imageDs), false);
    }

    private static int requireDs(OneVm vm, OneDisk disk) {
        if (disk.datastoreId() < 0) {
            throw new OneException("DISK " + disk.diskId() + " of VM " + vm.id() + " has no DATASTORE_ID");
        }
        return disk.datastoreId();
    }

    /** The disks grouped by backend (first-seen order), so each backend can serve its group in one request. */
    static java.util.Map<VolumeBackend, java.util.List<VmDisk>> byBackend(java.util.List<VmDisk> disks) {
        java.util.Map<VolumeBackend, java.util.List<VmDisk>> out = new java.util.LinkedHashMap<>();
        for (VmDisk d : disks) {
            out.computeIfAbsent(d.backend(), b -> new java.util.ArrayList<>()).add(d);
        }
        return out;
    }

    static java.util.List<VolumeRef> refs(java.util.List<VmDisk> disks) {
        return disks.stream().map(VmDisk::ref).toList();
    }

    /**
     * Whether deactivating this disk's volume on a host may hurt another VM there: CD-ROM images are
     * shared read-only between VMs, so they stay active.
     */
    boolean sharedBetweenVms() {
        return disk.isCdrom() && !owned;
    }
}
