package io.storagedrivers.sharedlvm.one;

import org.junit.jupiter.api.Tag;

import io.storagedrivers.testsupport.TestBed;

/**
 * {@link OneRunnerLifecycleIT} with the device-mapper VM host: the VM starts there and migrates to
 * host1 and back, the data paths run for real (image import, clone, mkswap, mkfs, save-as, image
 * clone), and the sweep sees real activations on the VM host.
 */
@Tag("vmhost")
class OneRunnerLifecycleVmIT extends OneRunnerLifecycleIT {
    @Override
    String hostA() {
        TestBed tb = TestBed.require();
        String vm = tb.requireVmHost();
        return vm;
    }

    @Override
    boolean withVmHost() {
        return true;
    }

    @Override
    String bridgeHost() {
        return hostA();
    }

    @Override
    String hostB() {
        return TestBedHosts.first();
    }
}
