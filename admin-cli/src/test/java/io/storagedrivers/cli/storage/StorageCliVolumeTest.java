package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.storagedrivers.cli.ExitCode;

/** The verbs that change something, with their exit codes, on the simulator. */
class StorageCliVolumeTest extends BaseStorageCliTest {

    @BeforeEach
    void sim() {
        useSim("?pools=p0:1G");
    }

    private Map<String, String> volume(String name) {
        return CsvParser.parse(run(ExitCode.OK, "volumes", "--csv").out()).stream()
                .filter(r -> r.get("name").equals(name)).findFirst().orElse(null);
    }

    @Test
    void createValidatesAndPrintsTheVolume() {
        Map<String, String> made = CsvParser.parse(run(ExitCode.OK, "volume-create", "--name", "a", "--size", "10M", "--csv")
                .out()).get(0);
        assertEquals("10485760", made.get("size_bytes"));
        assertEquals("p0", made.get("pool"));
        Result r = run(ExitCode.FAILED, "volume-create", "--name", "a", "--size", "10M");
        assertEquals("volume p0/a already exists\n", r.err());
        assertEquals("", r.out());
        run(ExitCode.USAGE, "volume-create", "--name", "b", "--size", "ten");
        run(ExitCode.USAGE, "volume-create", "--name", "-rf", "--size", "1M");
        run(ExitCode.USAGE, "volume-create", "--name", "a/../b", "--size", "1M");
        run(ExitCode.USAGE, "volume-create", "--size", "1M");
        assertTrue(run(ExitCode.FAILED, "volume-create", "--name", "big", "--size", "2G").err().contains("free"));
        run(ExitCode.NOT_FOUND, "volume-create", "--name", "b", "--size", "1M", "--pool", "nopool");
    }

    @Test
    void severalPoolsNeedPool() {
        useSim("?pools=p0:1G,p1:1G");
        Result r = run(ExitCode.USAGE, "volume-create", "--name", "a", "--size", "1M");
        assertEquals("the backend has 2 pools (p0, p1); choose one with --pool\n", r.err());
        run(ExitCode.OK, "volume-create", "--name", "a", "--size", "1M", "--pool", "p1");
    }

    @Test
    void deleteNeedsForceWithoutTerminalAndNeverBlocks() {
        run(ExitCode.OK, "volume-create", "--name", "a", "--size", "1M");
        Result r = run(ExitCode.USAGE, "volume-delete", "--name", "a");
        assertEquals("refusing to delete volume p0/a without --force (no terminal to confirm)\n", r.err());
        assertTrue(volume("a") != null);

        terminalAnswer = Optional.of(false);
        run(ExitCode.FAILED, "volume-delete", "--name", "a");
        assertEquals(List.of("delete volume p0/a?", "delete volume p0/a?"), questions);
        assertTrue(volume("a") != null);

        terminalAnswer = Optional.of(true);
        run(ExitCode.OK, "volume-delete", "--name", "a");
        assertEquals(null, volume("a"));

        terminalAnswer = Optional.empty();
        run(ExitCode.OK, "volume-create", "--name", "b", "--size", "1M");
        run(ExitCode.OK, "volume-delete", "--name", "b", "--force", "--zero");
        assertTrue(run(ExitCode.NOT_FOUND, "volume-delete", "--name", "b", "--force").err().contains("not found"));
    }

    @Test
    void deletingAnActiveVolumeIsBusy() {
        run(ExitCode.OK, "volume-create", "--name", "a", "--size", "1M");
        Map<String, String> act = CsvParser.parse(run(ExitCode.OK, "activate", "--name", "a", "--host", "node1", "--csv")
                .out()).get(0);
        assertEquals("/dev/sim/p0/a", act.get("device"));
        Result r = run(ExitCode.BUSY, "volume-delete", "--name", "a", "--force");
        assertEquals("volume p0/a is attached on node1; detach it first\n", r.err());
        run(ExitCode.USAGE, "deactivate", "--name", "a", "--host", "node 1");
        run(ExitCode.OK, "deactivate", "--name", "a", "--host", "node1");
        run(ExitCode.OK, "deactivate", "--name", "a", "--host", "node1");
        run(ExitCode.NOT_FOUND, "activate", "--name", "zz", "--host", "node1");
        run(ExitCode.NOT_FOUND, "deactivate", "--name", "zz", "--host", "node1");
        run(ExitCode.OK, "volume-delete", "--name", "a", "--force");
    }

    @Test
    void resizeGrowsAndRefusesToShrink() {
        run(ExitCode.OK, "volume-create", "--name", "a", "--size", "10M");
        assertEquals("20971520", CsvParser.parse(run(ExitCode.OK, "volume-resize", "--name", "a", "--size", "20M", "--csv")
                .out()).get(0).get("size_bytes"));
        run(ExitCode.OK, "volume-resize", "--name", "a", "--size", "20M");
        assertTrue(run(ExitCode.FAILED, "volume-resize", "--name", "a", "--size", "5M").err().contains("shrinking"));
        run(ExitCode.FAILED, "volume-resize", "--name", "a", "--size", "5G");
        run(ExitCode.NOT_FOUND, "volume-resize", "--name", "zz", "--size", "5M");
        assertEquals("20971520", volume("a").get("size_bytes"));
    }

    @Test
    void cloneNeverOverwrites() {
        run(ExitCode.OK, "volume-create", "--name", "a", "--size", "10M");
        run(ExitCode.OK, "volume-create", "--name", "b", "--size", "10M");
        run(ExitCode.OK, "volume-clone", "--name", "a", "--to", "c", "--size", "30M");
        assertEquals("31457280", volume("c").get("size_bytes"));
        assertTrue(run(ExitCode.FAILED, "volume-clone", "--name", "a", "--to", "b").err().contains("already exists"));
        run(ExitCode.NOT_FOUND, "volume-clone", "--name", "zz", "--to", "d");
        run(ExitCode.USAGE, "volume-clone", "--name", "a", "--to", "d;rm");
        run(ExitCode.USAGE, "volume-clone", "--name", "a");
    }

    @Test
    void snapshotLifecycle() {
        run(ExitCode.OK, "volume-create", "--name", "a", "--size", "10M");
        run(ExitCode.OK, "snapshot-create", "--name", "a", "--snapshot", "s1");
        run(ExitCode.OK, "snapshot-create", "--name", "a", "--snapshot", "s2");
        run(ExitCode.FAILED, "snapshot-create", "--name", "a", "--snapshot", "s1");
        run(ExitCode.NOT_FOUND, "snapshot-create", "--name", "zz", "--snapshot", "s1");
        run(ExitCode.USAGE, "snapshot-create", "--name", "a", "--snapshot", "../s");
        run(ExitCode.OK, "volume-create", "--name", "b", "--size", "10M");
        run(ExitCode.FAILED, "snapshot-group-create", "--name", "a", "--name", "b", "--snapshot", "s1");
        assertEquals(List.of(), CsvParser.parse(run(ExitCode.OK, "snapshot-list", "--name", "b", "--csv").out()),
                "all or nothing: a has s1, so b did not get one either");
        run(ExitCode.OK, "snapshot-group-create", "--name", "a", "--name", "b", "--snapshot", "g1");
        run(ExitCode.OK, "snapshot-delete", "--name", "a", "--snapshot", "g1", "--force");
        run(ExitCode.OK, "volume-delete", "--name", "b", "--force");
        assertEquals(List.of(Map.of("pool", "p0", "volume", "a", "snapshot", "s1"),
                Map.of("pool", "p0", "volume", "a", "snapshot", "s2")),
                CsvParser.parse(run(ExitCode.OK, "snapshot-list", "--name", "a", "--csv").out()));

        run(ExitCode.OK, "volume-resize", "--name", "a", "--size", "20M");
        run(ExitCode.USAGE, "snapshot-revert", "--name", "a", "--snapshot", "s1");
        assertEquals("20971520", volume("a").get("size_bytes"));
        run(ExitCode.OK, "snapshot-revert", "--name", "a", "--snapshot", "s1", "--force");
        assertEquals("10485760", volume("a").get("size_bytes"));
        run(ExitCode.NOT_FOUND, "snapshot-revert", "--name", "a", "--snapshot", "nope", "--force");

        run(ExitCode.USAGE, "snapshot-delete", "--name", "a", "--snapshot", "s1");
        run(ExitCode.OK, "snapshot-delete", "--name", "a", "--snapshot", "s1", "--force");
        run(ExitCode.NOT_FOUND, "snapshot-delete", "--name", "a", "--snapshot", "s1", "--force");
        assertEquals(1, CsvParser.parse(run(ExitCode.OK, "snapshot-list", "--name", "a", "--csv").out()).size());
        run(ExitCode.NOT_FOUND, "snapshot-list", "--name", "zz");
    }

    @Test
    void corruptStateIsABackendError() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("state.json"), "[]");
        Result r = run(ExitCode.BACKEND, "pools");
        assertTrue(r.err().contains("state.json"), r.err());
        assertEquals(1, r.err().lines().count());
    }
}
