package io.storagedrivers.sharedlvm;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.LentRunners;
import io.storagedrivers.testsupport.TestBed;

/**
 * The device-mapper VM host (vmhost tier) as the copy machine of shared LVM backends on the test
 * bed's VG, for the ITs of real data paths: the test's runners (one SSH connection to the VM),
 * backends that copy and zero there with GNU {@code dd} and {@code blkdiscard} named by path (the
 * VM's busybox shell has applets of those names without conv=sparse or -z: the DD and BLKDISCARD
 * settings exist for hosts like it), and, on {@link #close}, the removal of every LV the test made
 * (named with its prefix).
 */
final class VmCopyHost implements AutoCloseable {
    static final long MIB = 1024L * 1024;

    final TestBed tb;
    final String vm;
    final Runners runners;
    final CommandRunner vmRunner;
    private final String prefix;

    private VmCopyHost(TestBed tb, String vm, String prefix) {
        this.tb = tb;
        this.vm = vm;
        this.prefix = prefix;
        this.runners = DefaultRunners.fromEnvironment();
        this.vmRunner = runners.host(vm);
    }

    /** The VM host, or a skipped test (a failed one under TESTBED_REQUIRED=1); LVs named {@code prefix...}. */
    static VmCopyHost require(String prefix) {
        TestBed tb = TestBed.require();
        return new VmCopyHost(tb, tb.requireVmHost(), prefix);
    }

    /** A backend that copies and zeroes on the VM (COPY_HOST), with {@code settings} on top. */
    SharedLvmBackend backend(Map<String, String> settings) {
        Map<String, String> s = new HashMap<>(Map.of("COPY_HOST", vm, "DD", "/usr/bin/dd",
                "BLKDISCARD", "/usr/sbin/blkdiscard"));
        s.putAll(settings);
        return new SharedLvmBackend(tb.vg(), SharedLvmSettings.from(s), LentRunners.of(runners),
                VgLocks.files(new FileLocks(tb.dir().resolve("locks")), Duration.ofSeconds(120)), () -> false, 4 * MIB);
    }

    /** The test's volume {@code name} (with its prefix) in the test bed's VG. */
    VolumeRef ref(String name) {
        return new VolumeRef(tb.vg(), prefix + name);
    }

    /** Deactivates on the VM and deletes every LV of the test, then closes the runners. */
    @Override
    public void close() {
        try (SharedLvmBackend b = backend(Map.of())) {
            b.list(tb.vg()).stream().filter(v -> v.ref().name().startsWith(prefix)).forEach(v -> {
                b.detach(v.ref(), vm);
                b.delete(v.ref(), false);
            });
        } finally {
            runners.close();
        }
    }
}
