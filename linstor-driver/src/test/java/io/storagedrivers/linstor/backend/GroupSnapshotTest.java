package io.storagedrivers.linstor.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.cli.storage.StorageCommand;
import io.storagedrivers.linstor.hl.Linstor;
import io.storagedrivers.linstor.sim.SimFixture;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine;

/**
 * A VM's disks (or a Cinder group) snapshotted together through LINSTOR's multi-snapshot
 * ({@code POST /v1/actions/snapshot/multi}; requests and answers checked against the OpenAPI spec):
 * all or nothing, refused on a controller older than REST 1.18, and the admin CLI's
 * {@code snapshot-group-create}.
 */
class GroupSnapshotTest {
    private final SimFixture sim = SimFixture.thin("node1", "node2");
    private final VolumeRef a = new VolumeRef("one", "OpenNebula-Image-1-vm7-disk0");
    private final VolumeRef b = new VolumeRef("one", "OpenNebula-Volatile-vm7-disk1");

    GroupSnapshotTest() {
        try (Linstor ls = sim.linstor()) {
            ls.resourceGroup("one").redundancy(2);
        }
    }

    private LinstorBackend backend() {
        return new LinstorBackend(sim.client(), LinstorSettings.from(Map.of()), new io.storagedrivers.testsupport.FakeRunners().succeedAll(), false);
    }

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void allDisksOfAVmTogether() {
        try (LinstorBackend be = backend()) {
            assertTrue(be.capabilities().contains(Capability.GROUP_SNAPSHOTS));
            be.create(a, Sizes.GIB);
            be.create(b, Sizes.GIB);
            Map<VolumeRef, String> snaps = new LinkedHashMap<>();
            snaps.put(a, "OpenNebula-Snap-0");
            snaps.put(b, "OpenNebula-Snap-0");
            be.createSnapshots(snaps);
            assertEquals(List.of("OpenNebula-Snap-0"), be.snapshots(a));
            assertEquals(List.of("OpenNebula-Snap-0"), be.snapshots(b));

            Map<VolumeRef, String> again = new LinkedHashMap<>();
            again.put(a, "s2");
            again.put(b, "OpenNebula-Snap-0"); // exists: the whole group is refused
            assertThrows(BackendException.class, () -> be.createSnapshots(again));
            assertEquals(List.of("OpenNebula-Snap-0"), be.snapshots(a), "nothing taken: all or nothing");

            Map<VolumeRef, String> missing = new LinkedHashMap<>();
            missing.put(a, "s3");
            missing.put(new VolumeRef("one", "nope"), "s3");
            assertEquals(BackendException.Kind.NOT_FOUND,
                    assertThrows(BackendException.class, () -> be.createSnapshots(missing)).kind());
            assertEquals(List.of("OpenNebula-Snap-0"), be.snapshots(a));
        }
    }

    @Test
    void refusedOnAControllerWithoutMultiSnapshots() {
        try (LinstorBackend be = backend()) {
            be.create(a, Sizes.GIB);
            sim.state.setRestApiVersion("1.17.0");
            try (LinstorBackend old = backend()) {
                BackendException e = assertThrows(BackendException.class,
                        () -> old.createSnapshots(Map.of(a, "s1")));
                assertEquals(BackendException.Kind.UNSUPPORTED, e.kind());
                assertEquals("cannot snapshot [" + a.name() + "] together: the LINSTOR controller's REST API 1.17.0 has "
                        + "no multi-volume snapshots (1.18.0 or newer)", e.getMessage());
            }
        }
    }

    @Test
    void adminCliSnapshotGroupCreate() {
        try (LinstorBackend be = backend()) {
            be.create(a, Sizes.GIB);
            be.create(b, Sizes.GIB);
            assertEquals(0, cli("snapshot-group-create", "--pool", "one", "--name", a.name(), "--name", b.name(),
                    "--snapshot", "before-upgrade"));
            assertEquals(List.of("before-upgrade"), be.snapshots(a));
            assertEquals(List.of("before-upgrade"), be.snapshots(b));
            assertEquals(1, cli("snapshot-group-create", "--pool", "one", "--name", a.name(), "--snapshot",
                    "before-upgrade"), "exists already");
            assertEquals(3, cli("snapshot-group-create", "--pool", "one", "--name", "nope", "--snapshot", "x"));
        }
    }

    private int cli(String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = args[0];
        argv[1] = "--uri";
        argv[2] = sim.controller().linstorUri();
        System.arraycopy(args, 1, argv, 3, args.length - 1);
        CommandLine cl = new CommandLine(new StorageCommand());
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(argv);
    }
}
