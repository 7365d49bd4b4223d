package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.testsupport.TestBed;

/**
 * On the test bed's device-mapper VM host (scripts/testbed.sh vm-up; scripts/test.sh's VM tier
 * sets TB_VMHOST): an LV that the frontend creates and the driver's SSH runner activates there is
 * a real block device of the LV's size, and disappears again on deactivation.
 */
@Tag("vmhost")
class VmHostActivationIT {

    private static final long SIZE = 8L * 1024 * 1024;

    @Test
    void lvActivatedOnVmHostIsABlockDevice() {
        TestBed tb = TestBed.require();
        String vmHost = tb.requireVmHost();
        String lv = "sd_vm_it_" + ProcessHandle.current().pid();
        String dev = "/dev/" + tb.vg() + "/" + lv;
        CommandRunner fe = new LocalCommandRunner();
        try (DefaultRunners runners = new DefaultRunners(SshConfig.load(List.of(tb.sshConfig()), true), Set.of())) {
            CommandRunner host = runners.host(vmHost);
            fe.run(Command.of("lvcreate", "-q", "-L", SIZE + "b", "-n", lv, tb.vg()).withEnv(tb.frontendLvmEnv()));
            try {
                host.run(Command.of("lvchange", "-ay", tb.vg() + "/" + lv));
                assertEquals(0, host.execute(Command.of("test", "-b", dev)).exitCode(),
                        dev + " is not a block device on " + vmHost);
                assertEquals(String.valueOf(SIZE),
                        host.run(Command.of("blockdev", "--getsize64", dev)).stdout().strip());

                host.run(Command.of("lvchange", "-an", tb.vg() + "/" + lv));
                assertNotEquals(0, host.execute(Command.of("test", "-e", dev)).exitCode(),
                        dev + " still exists on " + vmHost + " after lvchange -an");
            } finally {
                host.execute(Command.of("lvchange", "-an", tb.vg() + "/" + lv));
                fe.run(Command.of("lvremove", "-q", "-y", tb.vg() + "/" + lv).withEnv(tb.frontendLvmEnv()));
            }
        }
    }
}
