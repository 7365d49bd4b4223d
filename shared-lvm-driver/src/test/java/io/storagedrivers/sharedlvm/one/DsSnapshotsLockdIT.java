package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.storagedrivers.sharedlvm.SharedLvmBackend;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.OneFrontend;
import io.storagedrivers.testsupport.OneRunner;
import io.storagedrivers.testsupport.OneRunner.Answer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image (DS) snapshot actions on a thin persistent image of a shared VG, sent as oned sends them:
 * {@code SNAP_DELETE}, {@code SNAP_REVERT}, {@code SNAP_FLATTEN} through OpenNebula's own
 * {@code one_datastore.rb}, started as the OpenNebula user of an installed frontend
 * ({@link OneFrontend}), running the installed shims. The frontend's LVM runs on a lockd VM
 * ({@code LVM_COMMAND_PREFIX="ssh vm2"} in the installed driver config file: this machine's
 * kernel cannot be an lvmlockd node, see {@link LockdNodes}); the image is active nowhere, as
 * OpenNebula allows these actions only on an image no VM uses, so the changes run there under
 * lvmlockd's VG lock and leave the pool's lock free. The bytes are read on vm1 after each step.
 */
@Tag("lockd")
class DsSnapshotsLockdIT {
    static final long MIB = 1024L * 1024;
    static final String P = "dssnap" + ProcessHandle.current().pid() + "-";

    @TempDir
    Path tmp;

    @Test
    void snapDeleteRevertFlattenOfAThinImageThroughOneDatastore() throws Exception {
        try (LockdNodes nodes = LockdNodes.require()) {
            String host = nodes.vms.get(0);
            String frontend = nodes.vms.stream().skip(1).filter(v -> alive(nodes, v)).findFirst().orElse(host);
            String lv = P + "img-31";
            VolumeRef image = new VolumeRef(nodes.vg, lv);
            String dsXml = OneXmlBuilder.datastore(101, "images", 0,
                    Map.of("VG_NAME", nodes.vg, "BRIDGE_LIST", "", "LVM_THIN_ENABLE", "YES"));
            try (SharedLvmBackend fe = nodes.thinBackend(frontend, tmp.resolve("locks"));
                 OneFrontend one = OneFrontend.create(nodes.tb, "shared_lvm")) {
                one.configure("shared_lvm", "LVM_COMMAND_PREFIX=\"ssh " + frontend + "\"");
                OneRunner ds = one.startDatastore();
                fe.create(image, 16 * MIB);
                try {
                    // a persistent image a VM used: three disk snapshots taken between writes
                    String[] bytes = new String[4];
                    for (int i = 0; i < 4; i++) {
                        bytes[i] = write(nodes, fe, image, host);
                        if (i < 3) {
                            fe.createSnapshot(image, "one-snap-" + i);
                        }
                    }
                    assertEquals(List.of("one-snap-0", "one-snap-1", "one-snap-2"), fe.snapshots(image));

                    snapAction(one, ds, "SNAP_DELETE", image, 1, dsXml).ok();
                    assertEquals(List.of("one-snap-0", "one-snap-2"), fe.snapshots(image));
                    assertEquals(bytes[3], read(nodes, fe, image, host), "a delete leaves the image as it was");

                    Answer reverted = snapAction(one, ds, "SNAP_REVERT", image, 0, dsXml).ok();
                    assertTrue(reverted.logs().stream().anyMatch(l -> l.contains("reverted " + nodes.vg + "/" + lv
                            + " to snapshot one-snap-0")), reverted.logs().toString());
                    assertEquals(bytes[0], read(nodes, fe, image, host), "the image holds snapshot 0's bytes");
                    assertEquals(List.of("one-snap-0", "one-snap-2"), fe.snapshots(image), "a revert keeps the snapshots");

                    Answer missing = snapAction(one, ds, "SNAP_REVERT", image, 7, dsXml);
                    assertFalse(missing.success(), "a revert to a snapshot that does not exist fails");
                    assertTrue(missing.info().contains("one-snap-7"), missing.info());
                    assertEquals(bytes[0], read(nodes, fe, image, host), "... and changes nothing");

                    String later = write(nodes, fe, image, host);
                    assertNotEquals(bytes[2], later);
                    snapAction(one, ds, "SNAP_FLATTEN", image, 2, dsXml).ok();
                    assertEquals(List.of(), fe.snapshots(image), "a flatten drops every snapshot");
                    assertEquals(bytes[2], read(nodes, fe, image, host), "the image holds snapshot 2's bytes");
                    nodes.lvs(host).keySet().stream().filter(n -> n.startsWith(lv))
                            .forEach(n -> assertTrue(n.equals(lv) || n.equals(lv + ".pool"), "left behind: " + n));
                } finally {
                    fe.delete(image, false);
                }
            }
            assertTrue(nodes.lvs(host).keySet().stream().noneMatch(n -> n.startsWith(P)), "volume, pool, snapshots gone");
            nodes.run(host, "vgck", nodes.vg); // fails the test on a non-zero exit
        }
    }

    /** One DS action for image 31 with IMAGE/TARGET_SNAPSHOT {@code snapshot}, through the runner. */
    static Answer snapAction(OneFrontend one, OneRunner ds, String action, VolumeRef image, int snapshot,
                             String dsXml) throws Exception {
        String img = OneXmlBuilder.image(31, "", image.pool() + "/" + image.name(), 16, "raw", true, Map.of())
                .replace("<TARGET_SNAPSHOT>-1<", "<TARGET_SNAPSHOT>" + snapshot + "<");
        Answer a = one.dsAction(ds, action, 31, OneXmlBuilder.dsAction(img, dsXml, ""));
        System.out.println(action + " " + snapshot + ": " + (a.success() ? "SUCCESS " : "FAILURE ") + a.info() + "\n  "
                + String.join("\n  ", a.logs()));
        return a;
    }

    /** 4 MiB of random bytes written into the image on {@code host} (attached there for it); their SHA-256. */
    static String write(LockdNodes nodes, SharedLvmBackend fe, VolumeRef image, String host) {
        fe.attach(image, host);
        try {
            return nodes.writeRandom(host, image.name());
        } finally {
            fe.detach(image, host);
        }
    }

    /** The SHA-256 of the image's first 4 MiB, read on {@code host} (attached there for it). */
    static String read(LockdNodes nodes, SharedLvmBackend fe, VolumeRef image, String host) {
        fe.attach(image, host);
        try {
            return nodes.sha(host, image.name());
        } finally {
            fe.detach(image, host);
        }
    }

    /** Whether {@code vm} answers (SharedVgLockdIT kills vm2). */
    static boolean alive(LockdNodes nodes, String vm) {
        try {
            return nodes.execute(vm, "true").ok();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
