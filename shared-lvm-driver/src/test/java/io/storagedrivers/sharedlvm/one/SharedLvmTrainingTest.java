package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.one.cds.CdsTraining;

/**
 * shared-lvm-driver.jar's cds-train: every step runs, the actions get as far as on a frontend
 * (their LVM commands answered, never run), and nothing is left behind. (scripts/test.d/install.sh
 * runs the verb under strace: no program, no connection, no file but the archive.)
 */
class SharedLvmTrainingTest {

    @Test
    void trainsOnTheActionsWithCannedAnswersAndLeavesNothing() throws IOException {
        List<Path> before = trainingDirs();
        CdsTraining.Result r = CdsTraining.run(SharedLvmTraining.driver());

        assertEquals(List.of(), r.failed());
        // the actions go through the backend to their reply, as on a frontend
        for (String ok : List.of("mkimage 0", "clone 0", "resize 0", "premigrate 0", "postmigrate 0", "delete 0",
                "monitor 0")) {
            assertTrue(r.exits().contains(ok), ok + " in " + r.exits());
        }
        assertTrue(r.exits().contains("resize 1"), "the error reply is trained too: " + r.exits());
        assertTrue(r.asked().stream().anyMatch(a -> a.startsWith("local: lvextend ")), r.asked().toString());
        assertTrue(r.asked().stream().anyMatch(a -> a.startsWith("host2: sudo -n lvchange -an ")), r.asked().toString());
        // its lock directory is gone, and no lock went to the real one
        assertEquals(before, trainingDirs());
        assertNull(System.getProperty(FileLocks.DIR_PROPERTY));
    }

    @Test
    void lvmAnswersHoldExactlyTheRequestedColumnsAndLvs() {
        var c = io.storagedrivers.exec.Command.of("sudo", "-n", "lvs", "--reportformat", "json", "-o", "lv_name,lv_size",
                "-S", "lv_name=\"a\" || lv_name=\"b\"", "vg");
        assertEquals("{\"report\":[{\"lv\":[{\"lv_name\":\"a\",\"lv_size\":\"8388608\"},"
                + "{\"lv_name\":\"b\",\"lv_size\":\"8388608\"}]}]}\n", SharedLvmTraining.reply(c).stdout());
        assertNull(SharedLvmTraining.reply(io.storagedrivers.exec.Command.of("lvchange", "-ay", "vg/a")));
    }

    private static List<Path> trainingDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("storage-drivers-cds-")).sorted().toList();
        }
    }
}
