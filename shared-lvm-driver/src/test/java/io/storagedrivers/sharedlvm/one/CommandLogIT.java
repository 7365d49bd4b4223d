package io.storagedrivers.sharedlvm.one;

import static io.storagedrivers.sharedlvm.one.OneXmlBuilder.dsAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.testsupport.ShimHarness.Result;
import io.storagedrivers.testsupport.TestBed;

/**
 * The command log through a shim on the test bed's real VG: with STORAGE_DRIVERS_DEBUG=1 every
 * command is a {@code DEBUG:} line on stderr (OpenNebula's runner files those as logs: no error
 * text) and stdout is the same reply; with STORAGE_DRIVERS_LOG the lines go to the file.
 */
class CommandLogIT {

    @Test
    void debugAndFileLogShowEveryCommandAndLeaveTheReplyAlone() throws Exception {
        World w = World.create(TestBed.require(), "lvm", "cold");
        String doc = dsAction("", w.imageDsXml, "");
        String plain = w.h.ds("monitor", "101", doc).ok().stdout();

        w.h.env.put("STORAGE_DRIVERS_DEBUG", "1");
        Result debug = w.h.ds("monitor", "101", doc).ok();
        assertEquals(plain.replaceAll("USED_MB=\\d+|FREE_MB=\\d+", ""), debug.stdout().replaceAll("USED_MB=\\d+|FREE_MB=\\d+", ""));
        assertEquals(List.of(), debug.errorLines(), "DEBUG lines are logs, never the error text");
        List<String> cmds = debug.stderr().lines().filter(l -> l.startsWith("DEBUG: cmd ")).toList();
        assertTrue(cmds.stream().anyMatch(l -> l.matches("DEBUG: cmd local exit 0 \\d+ ms: .*vgs .*" + w.vg)), debug.stderr());

        w.h.env.remove("STORAGE_DRIVERS_DEBUG");
        Path log = w.work.resolve("commands.log");
        w.h.env.put("STORAGE_DRIVERS_LOG", log.toString());
        Result logged = w.h.ds("monitor", "101", doc).ok();
        assertTrue(logged.stderr().lines().noneMatch(l -> l.startsWith("DEBUG: cmd ")), logged.stderr());
        List<String> lines = Files.readAllLines(log);
        assertEquals(cmds.size(), lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.matches("\\S+ pid \\d+ cmd local exit 0 \\d+ ms: .*")), lines.toString());
    }
}
