package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.install.DriverRegistration.ordered;

import java.util.List;

import io.storagedrivers.install.DriverRegistration;
import io.storagedrivers.install.RegistrationProvider;

/**
 * shared_lvm in oned.conf. TM_MAD_CONF values describe the driver to oned (they are copied into
 * every datastore using it), so they follow from how it stores disks: images are LVs in the image
 * datastore's VG; a non-persistent disk is a copy in the system datastore's VG (CLONE_TARGET
 * SYSTEM); a persistent image's LV is activated and used in place (LN_TARGET NONE). Every host
 * sees the VG (SHARED, monitored centrally by tm/shared_lvm/monitor). A cold migration may move
 * disks to another system datastore (mv copies them, as fs_lvm does: DS_MIGRATE YES); a live
 * migration only activates the same LVs on the destination, so it cannot change datastore
 * (DS_LIVE_MIGRATE NO). Disks are raw block devices. LVM snapshots of one origin do not depend on
 * each other (ALLOW_ORPHANS YES). No attribute is required: VG_NAME defaults to
 * vg-one-&lt;datastore id&gt;.
 */
public final class SharedLvmRegistration implements RegistrationProvider {
    public static final DriverRegistration REGISTRATION = new DriverRegistration("shared_lvm",
            DriverRegistration.ALL_LISTS,
            ordered("LN_TARGET", "NONE", "CLONE_TARGET", "SYSTEM", "SHARED", "YES",
                    "DS_MIGRATE", "YES", "DS_LIVE_MIGRATE", "NO", "DRIVER", "raw", "DISK_TYPE", "BLOCK",
                    "ALLOW_ORPHANS", "YES"),
            ordered("REQUIRED_ATTRS", "", "PERSISTENT_ONLY", "NO", "MARKETPLACE_ACTIONS", "export"),
            List.of());

    @Override
    public DriverRegistration registration() {
        return REGISTRATION;
    }
}
