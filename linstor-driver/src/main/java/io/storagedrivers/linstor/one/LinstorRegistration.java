package io.storagedrivers.linstor.one;

import static io.storagedrivers.install.DriverRegistration.ordered;

import java.util.List;

import io.storagedrivers.install.DriverRegistration;
import io.storagedrivers.install.RegistrationProvider;

/**
 * linstor in oned.conf: the values LINBIT's addon-linstor documents, so existing datastores
 * behave the same, plus the mixed modes the add-on supports: a linstor image datastore next to an
 * {@code ssh} or {@code shared} system datastore (TM_MAD_SYSTEM). There, too, images are used in
 * place (LN_TARGET NONE) and VM copies stay in the image datastore's resource group (CLONE_TARGET
 * SELF); disks are DRBD block devices (DISK_TYPE BLOCK). docs/linstor.md has the table. LINSTOR
 * passwords and tokens in a datastore template are stored encrypted by oned.
 */
public final class LinstorRegistration implements RegistrationProvider {
    public static final DriverRegistration REGISTRATION = new DriverRegistration("linstor",
            DriverRegistration.ALL_LISTS,
            ordered("LN_TARGET", "NONE", "CLONE_TARGET", "SELF", "SHARED", "yes", "ALLOW_ORPHANS", "yes",
                    "TM_MAD_SYSTEM", "ssh,shared",
                    "LN_TARGET_SSH", "NONE", "CLONE_TARGET_SSH", "SELF", "DISK_TYPE_SSH", "BLOCK",
                    "LN_TARGET_SHARED", "NONE", "CLONE_TARGET_SHARED", "SELF", "DISK_TYPE_SHARED", "BLOCK"),
            ordered("REQUIRED_ATTRS", "BRIDGE_LIST", "PERSISTENT_ONLY", "NO", "MARKETPLACE_ACTIONS", "export"),
            List.of("LINSTOR_PASSWORD", "LINSTOR_TOKEN", "LINSTOR_CLIENT_KEYSTORE_PASSWORD"));

    @Override
    public DriverRegistration registration() {
        return REGISTRATION;
    }
}
