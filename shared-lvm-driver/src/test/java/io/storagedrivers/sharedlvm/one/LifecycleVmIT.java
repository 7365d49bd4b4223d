package io.storagedrivers.sharedlvm.one;

import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LifecycleIT}'s LVM lifecycle with the device-mapper VM host as the copy host (images
 * imported, cloned, zeroed, saved there for real) and the active-LV sweep after every shim:
 * nothing of the VG stays active on the VM host (World's {@code afterEach}).
 */
@Tag("vmhost")
class LifecycleVmIT {
    @Test
    void lvmLifecycleWithRealDataPathsLeavesNothingActive() throws Exception {
        TestBed tb = TestBed.require();
        tb.requireVmHost();
        new LifecycleIT().vmLifecycle("lvm", "cold");
    }
}
