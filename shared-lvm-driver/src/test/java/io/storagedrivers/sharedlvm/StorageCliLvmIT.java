package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.cli.storage.StorageCliScenario;
import io.storagedrivers.testsupport.TestBed;

/**
 * Every {@code storage} verb through scripts/storage and this module's fat jar on the test bed's
 * VG ({@code lvm://$TB_VG}), activation on host1 over SSH. The bare test bed has no device-mapper,
 * so the clone must fail cleanly (exit 4, no target left); snapshots are not offered by shared LVM on a plain VG.
 * Where LVs are really active is tested on the VM host ({@link StorageCliLvmVmIT}); here the hosts
 * report nothing active, and a host that cannot be asked must show up as unknown.
 */
class StorageCliLvmIT {

    @TempDir
    Path work;

    private Map<String, String> env(TestBed tb) {
        Map<String, String> env = new HashMap<>(tb.frontendLvmEnv());
        env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", tb.dir().resolve("locks").toString());
        return env;
    }

    @Test
    void everyVerbOnTheTestBedVg() throws Exception {
        TestBed tb = TestBed.require();
        Map<String, String> env = env(tb);
        env.put("HOSTS", String.join(" ", tb.hosts()));
        new StorageCliScenario(Path.of("target").toAbsolutePath(), "lvm://" + tb.vg(), tb.vg(),
                "cli" + ProcessHandle.current().pid(), work, env)
                .withoutDataPath()
                .runAll(tb.hosts().get(0));
    }

    /**
     * Without HOSTS the hosts are the SSH config's; one of them ("deadhost": nothing listens) cannot
     * be asked: listed with its error, a warning on stderr, and an admin delete refused (exit 4).
     * {@code host-release} refuses a host that answers, releases deadhost (a VG tag), after which
     * deactivating there and the delete succeed; {@code --rejoin} makes it count again.
     */
    @Test
    void hostsFromTheSshConfigAndOneThatCannotBeAsked() throws Exception {
        TestBed tb = TestBed.require();
        Path config = work.resolve("ssh_config");
        Files.writeString(config, "Include " + tb.sshConfig() + "\nHost deadhost\n    HostName 127.0.0.1\n    Port 1\n");
        Map<String, String> env = env(tb);
        env.put("STORAGE_DRIVERS_SSH_CONFIG", config.toString());
        String lv = "cli" + ProcessHandle.current().pid() + "-h";
        StorageCliScenario cli = new StorageCliScenario(Path.of("target").toAbsolutePath(), "lvm://" + tb.vg(), tb.vg(),
                lv, work, env);
        cli.run(ExitCode.OK, "volume-create", "--name", lv, "--size", "4M");
        boolean deleted = false;
        try {
            Map<String, Map<String, String>> hosts = new HashMap<>();
            cli.run(ExitCode.OK, "hosts", "--csv").csv().forEach(r -> hosts.put(r.get("host"), r));
            for (String h : tb.hosts()) {
                assertEquals("", hosts.get(h).get("error"), hosts.toString());
                assertEquals("0", hosts.get(h).get("count"), "activation=0 on the bare test bed: " + hosts);
            }
            assertEquals("", hosts.get("deadhost").get("count"));
            assertTrue(hosts.get("deadhost").get("error").contains("127.0.0.1"), hosts.toString());

            StorageCliScenario.Result volumes = cli.run(ExitCode.OK, "volumes", "--csv");
            assertTrue(volumes.err().contains("warning: cannot tell which volumes are active on deadhost: "), volumes.err());

            String err = cli.run(ExitCode.BACKEND, "volume-delete", "--name", lv, "--force").err();
            assertTrue(err.startsWith("cannot tell whether " + tb.vg() + "/" + lv + " is active on deadhost"), err);
            assertEquals(List.of(lv), cli.run(ExitCode.OK, "volumes", "--csv").csv().stream()
                    .map(r -> r.get("name")).filter(lv::equals).toList(), "kept");

            // the operator's way out (issue 15): release the dead host, after the CLI checked it is gone
            String alive = tb.hosts().get(0);
            boolean vmhostDown = System.getenv("TB_VMHOST") == null;
            err = cli.run(ExitCode.BUSY, "host-release", "--host", alive, "--force").err();
            assertTrue(err.startsWith("host " + alive + " answers over SSH"), err);
            err = cli.run(ExitCode.USAGE, "host-release", "--host", "deadhost").err();
            assertTrue(err.startsWith("refusing to release host deadhost"), err);
            assertTrue(cli.run(ExitCode.OK, "host-release", "--host", "deadhost", "--force").out()
                    .contains("host deadhost released from pool " + tb.vg()));
            cli.run(ExitCode.OK, "host-release", "--host", "deadhost", "--force"); // again: nothing changes
            assertFalse(cli.run(ExitCode.OK, "volumes", "--csv").err().contains("deadhost"), "no warning any more");
            if (vmhostDown) { // the SSH config's VM host is down outside the VM tier: gone as well
                cli.run(ExitCode.OK, "host-release", "--host", "vmhost", "--force");
            }
            cli.run(ExitCode.OK, "deactivate", "--name", lv, "--host", "deadhost");
            cli.run(ExitCode.OK, "volume-delete", "--name", lv, "--force");
            deleted = true;
            assertEquals(List.of(), cli.run(ExitCode.OK, "volumes", "--csv").csv().stream()
                    .map(r -> r.get("name")).filter(lv::equals).toList(), "deleted");
            cli.run(ExitCode.OK, "host-release", "--host", "deadhost", "--rejoin");
            cli.run(ExitCode.OK, "volume-create", "--name", lv, "--size", "4M");
            deleted = false;
            err = cli.run(ExitCode.BACKEND, "volume-delete", "--name", lv, "--force").err();
            assertTrue(err.startsWith("cannot tell whether " + tb.vg() + "/" + lv + " is active on deadhost"), err);
        } finally {
            // the VG is the whole it tier's: no host stays released
            cli.run(ExitCode.OK, "host-release", "--host", "deadhost", "--rejoin");
            cli.run(ExitCode.OK, "host-release", "--host", "vmhost", "--rejoin");
            env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
            env.put("HOSTS", String.join(" ", tb.hosts()));
            if (!deleted) {
                new StorageCliScenario(Path.of("target").toAbsolutePath(), "lvm://" + tb.vg(), tb.vg(), lv, work, env)
                        .run(ExitCode.OK, "volume-delete", "--name", lv, "--force");
            }
        }
    }
}
