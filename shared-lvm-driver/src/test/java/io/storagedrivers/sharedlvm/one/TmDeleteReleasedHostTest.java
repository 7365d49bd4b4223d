package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.tm.TmActions;
import io.storagedrivers.testsupport.FakeRunners;

/**
 * TM delete of a VM whose host is gone (issue 15): refused while the host is only unreachable,
 * done once the host is released ({@code storage host-release}: the VG tag sd.released.host1),
 * leaving the link on the dead host.
 */
class TmDeleteReleasedHostTest {
    @TempDir
    Path dir;

    int delete(String vgTags, ByteArrayOutputStream err) throws Exception {
        HostileOneCases cases = new HostileOneCases(dir);
        FakeRunners runners = new FakeRunners().succeedAll();
        runners.local().otherwise(call -> call.argv().contains("vg_name,vg_tags")
                ? FakeRunners.Reply.ok("{\"report\":[{\"vg\":[{\"vg_name\":\"vgsys\",\"vg_tags\":\"" + vgTags
                        + "\"}]}]}")
                : cases.frontend(call));
        runners.declare("host1").otherwise(call -> FakeRunners.Reply.unreachable("connection refused"));
        OneCommand tm = new OneCommand("tm", TmActions.all(), SharedLvmProfile::new, () -> runners) {
        };
        return tm.run("delete", List.of("host1:" + HostileOneCases.D + "/disk.0", "42", "100"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]), cases.env());
    }

    @Test
    void aDeadHostBlocksTheDeleteUntilItIsReleased() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertNotEquals(0, delete("", err), err.toString());
        assertTrue(err.toString().contains("connection refused"), err.toString());

        ByteArrayOutputStream released = new ByteArrayOutputStream();
        assertEquals(0, delete("sd.released.host1", released), released.toString());
        assertTrue(released.toString().contains("host host1 was released as gone: host1:" + HostileOneCases.D
                + "/disk.0 is left there"), released.toString());
    }
}
