package io.storagedrivers.one.tm;

import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneException;

/**
 * A VM directory {@code <DATASTORE_LOCATION>/<sys_ds_id>/<vm_id>} (or a {@code disk.N} in it) from
 * a TM argument, checked against the VM id oned passed: the system datastore id is read from the
 * path, as OpenNebula's own LVM drivers do.
 */
record VmDir(HostPath location, int vmId, int systemDsId, int diskId) {

    static VmDir of(HostPath p, int vmId) {
        int diskId = p.diskId();
        String dir = diskId >= 0 ? p.parent() : p.path();
        String[] parts = dir.substring(1).split("/");
        if (parts.length < 3 || !parts[parts.length - 1].equals(Integer.toString(vmId))) {
            throw new OneException("path " + p.path() + " is not in the directory of VM " + vmId);
        }
        int ds = OneArgs.id("system datastore id in " + p.path(), parts[parts.length - 2]);
        return new VmDir(p, vmId, ds, diskId);
    }

    /** The VM directory itself. */
    String dir() {
        return diskId >= 0 ? location.parent() : location.path();
    }

    String host() {
        return location.host();
    }

    int requireDiskId() {
        return location.requireDiskId();
    }
}
