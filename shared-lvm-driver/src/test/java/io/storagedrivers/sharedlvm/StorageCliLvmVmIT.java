package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.cli.storage.StorageCliScenario;
import io.storagedrivers.testsupport.TestBed;

/**
 * The admin view of where shared-LVM volumes are active, with real activation on the
 * device-mapper VM host: {@code volumes}/{@code hosts} show the LV active on the VM, and neither
 * {@code orphans --delete} nor {@code volume-delete} removes it until it is deactivated there.
 * Hosts come from the SSH config (no HOSTS setting): host1, host2 and the VM.
 */
@Tag("vmhost")
class StorageCliLvmVmIT {
    /** An OpenNebula-like VM id nothing else uses: its disk is the orphan. */
    private static final String ORPHAN_VM = "990002";

    @TempDir
    Path work;

    @Test
    void anLvActiveOnAHostIsShownAndNeverDeleted() throws Exception {
        TestBed tb = TestBed.require();
        String vm = tb.requireVmHost();
        Map<String, String> env = new HashMap<>(tb.frontendLvmEnv());
        env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", tb.dir().resolve("locks").toString());
        String lv = "lv-one-" + ORPHAN_VM + "-" + ProcessHandle.current().pid();
        StorageCliScenario cli = new StorageCliScenario(Path.of("target").toAbsolutePath(), "lvm://" + tb.vg(), tb.vg(),
                "vmcli", work, env);
        cli.run(ExitCode.OK, "volume-create", "--name", lv, "--size", "4M");
        try {
            String device = cli.run(ExitCode.OK, "activate", "--name", lv, "--host", vm, "--csv").csv().get(0).get("device");
            assertEquals("/dev/" + tb.vg() + "/" + lv, device);

            assertEquals(vm, volume(cli, lv).get("active_on"));
            Map<String, String> vmRow = cli.run(ExitCode.OK, "hosts", "--csv").csv().stream()
                    .filter(r -> r.get("host").equals(vm)).findFirst().orElseThrow();
            assertTrue(vmRow.get("volumes").contains(tb.vg() + "/" + lv), vmRow.toString());
            assertEquals("", vmRow.get("error"));

            cli.fakeOnevmWithout(ORPHAN_VM);
            List<Map<String, String>> kept = cli.run(ExitCode.BUSY, "orphans", "--delete", "--force", "--csv").csv();
            assertEquals(List.of(lv), kept.stream().map(r -> r.get("name")).toList(), "ours is the only orphan");
            assertEquals("kept: in use", kept.get(0).get("result"));
            assertEquals(vm, kept.get(0).get("active_on"));
            String err = cli.run(ExitCode.BUSY, "volume-delete", "--name", lv, "--force").err();
            assertEquals("volume " + tb.vg() + "/" + lv + " is active on " + vm + ": deactivate it there first\n", err);
            assertEquals(vm, volume(cli, lv).get("active_on"), "still there, still active");

            cli.run(ExitCode.OK, "deactivate", "--name", lv, "--host", vm);
            assertEquals("", volume(cli, lv).get("active_on"));
            assertEquals("deleted", cli.run(ExitCode.OK, "orphans", "--delete", "--force", "--csv").csv().get(0).get("result"));
        } finally {
            if (cli.run(ExitCode.OK, "volumes", "--csv").csv().stream().anyMatch(r -> r.get("name").equals(lv))) {
                cli.run(ExitCode.OK, "deactivate", "--name", lv, "--host", vm);
                cli.run(ExitCode.OK, "volume-delete", "--name", lv, "--force");
            }
        }
    }

    private static Map<String, String> volume(StorageCliScenario cli, String lv) throws Exception {
        return cli.run(ExitCode.OK, "volumes", "--csv").csv().stream().filter(r -> r.get("name").equals(lv))
                .findFirst().orElseThrow(() -> new AssertionError(lv + " not listed"));
    }
}
