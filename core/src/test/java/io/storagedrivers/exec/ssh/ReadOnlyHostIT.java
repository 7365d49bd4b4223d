package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.testsupport.TestBed;

/** The shared-LVM premise on the test bed: the frontend writes metadata, hosts only read it. */
class ReadOnlyHostIT {

    @Test
    void hostSeesFrontendLvButCannotCreateOne() {
        TestBed tb = TestBed.require();
        String lv = "sd_it_" + ProcessHandle.current().pid();
        String evil = lv + "_evil";
        CommandRunner fe = new io.storagedrivers.exec.LocalCommandRunner();
        try (DefaultRunners runners = new DefaultRunners(SshConfig.load(List.of(tb.sshConfig()), true), Set.of())) {
            CommandRunner host = runners.host(tb.hosts().get(0));
            fe.run(Command.of("lvcreate", "-q", "-L", "8m", "-n", lv, tb.vg()).withEnv(tb.frontendLvmEnv()));
            try {
                CommandResult seen = host.run(Command.of("lvs", "--noheadings", "-o", "lv_name", tb.vg() + "/" + lv));
                assertEquals(lv, seen.stdout().strip());

                CommandResult refused = host.execute(Command.of("lvcreate", "-L", "8m", "-n", evil, tb.vg()));
                assertNotEquals(0, refused.exitCode());
                assertTrue(refused.stderr().contains("--readonly"), refused.stderr());
                CommandResult gone = fe.execute(Command.of("lvs", tb.vg() + "/" + evil).withEnv(tb.frontendLvmEnv()));
                assertNotEquals(0, gone.exitCode(), "the host must not have created " + evil);
            } finally {
                fe.run(Command.of("lvremove", "-q", "-y", tb.vg() + "/" + lv).withEnv(tb.frontendLvmEnv()));
            }
        }
    }
}
