package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.OneRunner.Answer;
import io.storagedrivers.testsupport.OnedXmlRpc;

/**
 * The runner tier with credentials: the OpenNebula user has {@code ~/.one/one_auth} (0600) and
 * {@code ~/.one/one_endpoint} naming a stand-in oned's XML-RPC API, as on a real frontend. The
 * shims, run by OpenNebula's own {@code one_tm}, read the VM and the datastores through
 * {@code one.vm.info} / {@code one.datastore.info}, never through the onevm/onedatastore
 * stand-ins; a wrong session fails the step in one line that says so and shows the secret nowhere;
 * an oned that cannot be reached sends the shims to the CLI stand-ins, and the step works.
 */
class OneRunnerXmlRpcIT {

    @Test
    void theShimsReadOnedThroughItsApiWhenTheUserHasCredentials() throws Exception {
        String a = TestBedHosts.first();
        try (RunnerLifecycle r = new RunnerLifecycle(TestBedHosts.second(), false)) {
            String secret = "It-Secret-" + ProcessHandle.current().pid();
            Path session = Files.writeString(r.fe.stubDir.resolve("oned-session"), r.fe.user + ":" + secret + "\n");
            r.fe.chown(session);
            try (OnedXmlRpc oned = new OnedXmlRpc(OnedXmlRpc.script(r.fe.work), r.fe.stubDir, session, r.fe::asUser)) {
                Path dotOne = Files.createDirectories(r.fe.home.resolve(".one"));
                Files.writeString(dotOne.resolve("one_endpoint"), oned.url() + "\n");
                Path auth = Files.writeString(dotOne.resolve("one_auth"), r.fe.user + ":" + secret + "\n");
                Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
                Files.setPosixFilePermissions(dotOne, PosixFilePermissions.fromString("rwx------"));
                r.fe.chown(dotOne);

                // a volatile disk made, resized (powered off) and deleted
                int vm = 46;
                List<Disk> disks = List.of(new Disk(0, -1, "", false, false, 4, -1, "fs"));
                Set<String> lvs = Set.of("lv-one-46-0");
                r.vm(vm, 3, 1, disks, List.of(a), Map.of());
                r.transfer(vm, Set.of(a), lvs, "MKIMAGE shared_lvm 4 raw " + r.disk(a, vm, 0) + " " + vm + " 100");
                r.vm(vm, 8, 0, disks, List.of(a), Map.of());
                r.transfer(vm, Set.of(a), lvs, "RESIZE shared_lvm " + r.disk(a, vm, 0) + " 8 " + vm + " 100");
                assertEquals(8L, r.w.volume("lv-one-46-0").sizeMiB());
                r.vm(vm, 6, 0, disks, List.of(a), Map.of());
                r.transfer(vm, Set.of(), Set.of(), "DELETE shared_lvm " + r.disk(a, vm, 0) + " " + vm + " 100",
                        "DELETE shared_lvm " + a + ":" + r.dir(vm) + " " + vm + " 100");
                assertEquals(Set.of(), r.w.volumes());

                List<String> calls = oned.calls();
                assertTrue(calls.contains("xmlrpc one.vm.info 46"), calls.toString());
                assertTrue(calls.contains("xmlrpc one.datastore.info 100"), calls.toString());
                assertTrue(calls.stream().noneMatch(l -> l.startsWith("onevm ") || l.startsWith("onedatastore ")),
                        "no call through the CLI stand-ins: " + calls);

                // a session oned refuses: the step fails in one line, nothing made, no secret anywhere
                String wrong = "Wr0ng-" + secret;
                Files.writeString(auth, r.fe.user + ":" + wrong + "\n");
                int vm2 = 47;
                r.vm(vm2, 3, 1, disks, List.of(a), Map.of());
                Answer mk = r.fe.transfer(r.tm, vm2, "MKIMAGE shared_lvm 4 raw " + r.disk(a, vm2, 0) + " " + vm2 + " 100");
                assertFalse(mk.success(), mk.toString());
                assertTrue(mk.info().contains("cannot read vm 47 from oned: one.vm.info failed (AUTHENTICATION)")
                        && !mk.info().contains("\n"), mk.info());
                assertEquals(Set.of(), r.w.volumes());
                assertFalse(String.join("\n", r.tm.transcript()).contains(secret), "the runner's transcript");
                try (Stream<Path> logs = Files.list(r.fe.one.resolve("var"))) {
                    for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                        assertFalse(Files.readString(log).contains(secret), log.toString());
                    }
                }
                assertTrue(oned.calls().stream().noneMatch(l -> l.startsWith("onevm ")), oned.calls().toString());

                // credentials, but oned cannot be reached (nothing listens): the CLI is asked, the step works
                Files.writeString(auth, r.fe.user + ":" + secret + "\n");
                int closed;
                try (java.net.ServerSocket sock = new java.net.ServerSocket(0)) {
                    closed = sock.getLocalPort();
                }
                Files.writeString(dotOne.resolve("one_endpoint"), "http://127.0.0.1:" + closed + "/RPC2\n");
                int before = oned.calls().size();
                r.transfer(vm2, Set.of(a), Set.of("lv-one-47-0"), "MKIMAGE shared_lvm 4 raw " + r.disk(a, vm2, 0) + " "
                        + vm2 + " 100");
                List<String> after = oned.calls().subList(before, oned.calls().size());
                assertTrue(after.contains("onevm show -x 47") && after.stream().noneMatch(l -> l.startsWith("xmlrpc ")),
                        after.toString());
                r.vm(vm2, 6, 0, disks, List.of(a), Map.of());
                r.transfer(vm2, Set.of(), Set.of(), "DELETE shared_lvm " + r.disk(a, vm2, 0) + " " + vm2 + " 100",
                        "DELETE shared_lvm " + a + ":" + r.dir(vm2) + " " + vm2 + " 100");
                assertEquals(Set.of(), r.w.volumes());
            }
        }
    }
}
