package io.storagedrivers.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;

class ReplyTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Reply reply(boolean debug) {
        return new Reply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "shared_lvm/cp", debug);
    }

    @Test
    void resultIsOneLineOnStdoutAndLogsArePrefixed() {
        Reply r = reply(false);
        r.info("copying\nimage");
        r.result("vg/img-one-1 raw");
        assertEquals("vg/img-one-1 raw\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("INFO: shared_lvm/cp: copying image\n", err.toString(StandardCharsets.UTF_8));
        assertThrows(IllegalStateException.class, () -> r.result("a\nb"));
    }

    @Test
    void failureIsOneUnprefixedLineNeverStartingWithDash() {
        assertEquals(1, reply(false).fail(new OneException("-x: bad\nsecond line")));
        assertEquals("error: -x: bad second line\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("error: INFO: looks like a log", Reply.failureLine(new OneException("INFO: looks like a log")));
        assertEquals("unexpected NullPointerException", Reply.failureLine(new NullPointerException()));
        assertEquals("IllegalStateException: boom", Reply.failureLine(new IllegalStateException("boom")));
    }

    @Test
    void commandStderrBecomesErrorLogsAndTheLastLineTheMessage() {
        CommandFailedException e = new CommandFailedException(CommandFailedException.Reason.EXIT_CODE, "host1",
                Command.of("lvchange", "-ay", "vg/lv"), 5, "", "WARNING: x\n  Volume group not found", null, null);
        reply(false).fail(e);
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("ERROR: shared_lvm/cp: host1: WARNING: x", lines[0]);
        assertEquals("ERROR: shared_lvm/cp: host1: Volume group not found", lines[1]);
        assertTrue(lines[2].startsWith("command failed on host1 (exit 5): lvchange -ay vg/lv: Volume group"), lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    void debugAddsTheStackTraceAsDebugLogs() {
        reply(true).fail(new IllegalStateException("boom"));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines.length > 2);
        for (int i = 0; i < lines.length - 1; i++) {
            assertTrue(lines[i].startsWith("DEBUG: "), lines[i]);
        }
        assertEquals("IllegalStateException: boom", lines[lines.length - 1]);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("boom"));
    }

    @Test
    void withAVmIdEveryLogLineCarriesIt() {
        Reply r = new Reply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "tm/clone", false, 42);
        r.info("copied");
        r.error("undone");
        assertEquals("INFO: 42 tm/clone: copied\nERROR: 42 tm/clone: undone\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whatAFailedDatastoreActionUndidIsInItsFailureLineNotALogLineOfItsOwn() {
        // OpenNebula's runner logs a failed action's stderr itself and then its log lines again:
        // an undo line of its own reached oned.log twice (once as LOG I -1)
        Reply r = reply(false);
        r.undone("removed vg/img-one-7 after the failure", true);
        r.undone("could not remove vg/x after the failure: busy", false);
        assertEquals(1, r.fail(new OneException("copy failed")));
        assertEquals("copy failed (removed vg/img-one-7 after the failure; could not remove vg/x after the failure: busy)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whatAFailedTmActionUndidIsALogLineWithTheVmId() {
        Reply r = new Reply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "tm/clone", false, 42);
        r.undone("removed vg/lv-one-42-0 after the failure", true);
        r.undone("could not remove vg/x after the failure: busy", false);
        r.fail(new OneException("copy failed"));
        assertEquals("INFO: 42 tm/clone: removed vg/lv-one-42-0 after the failure\n"
                + "ERROR: 42 tm/clone: could not remove vg/x after the failure: busy\ncopy failed\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
