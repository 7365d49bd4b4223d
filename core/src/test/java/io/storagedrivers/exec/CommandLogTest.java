package io.storagedrivers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.testsupport.FakeRunners;
import io.storagedrivers.testsupport.FakeRunners.Reply;

class CommandLogTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final FakeRunners runners = new FakeRunners();

    private CommandLog log(Map<String, String> env) {
        return CommandLog.from(env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void offByDefaultAndWithDebugZero() {
        CommandRunner r = runners.local();
        assertSame(r, log(Map.of()).wrap(r));
        assertSame(r, log(Map.of("STORAGE_DRIVERS_DEBUG", "0")).wrap(r));
    }

    @Test
    void debugLogsEveryCommandQuotedOnStderrAsDebugLines() {
        runners.local().expect(List.of("lvs", "it's", "a b"), Reply.ok("out"))
                .expect(List.of("false"), Reply.exit(5, "", "no\n"));
        CommandRunner r = log(Map.of("STORAGE_DRIVERS_DEBUG", "1")).wrap(runners.local());
        assertEquals("out", r.execute(Command.of("lvs", "it's", "a b")).stdout());
        assertThrows(CommandFailedException.class, () -> r.run(Command.of("false")));
        List<String> lines = errLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("DEBUG: cmd local exit 0 \\d+ ms: lvs 'it'\"'\"'s' 'a b'"), lines.get(0));
        assertTrue(lines.get(1).matches("DEBUG: cmd local exit 5 \\d+ ms: false"), lines.get(1));
    }

    @Test
    void fileLogHasTimePidWhereAndFailuresThatNeverRan() throws Exception {
        Path file = dir.resolve("commands.log");
        runners.declare("host1").unreachable(List.of("lvchange", "-ay", "vg/lv"))
                .expect(List.of("dd", "of=/dev/x"), Reply.ok(""));
        CommandLog log = log(Map.of("STORAGE_DRIVERS_LOG", file.toString()));
        CommandRunner r = log.wrap(runners.host("host1"));
        assertThrows(CommandFailedException.class, () -> r.run(Command.of("lvchange", "-ay", "vg/lv")));
        r.run(Command.of("dd", "of=/dev/x"), new ByteArrayInputStream(new byte[10]));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        String pid = " pid " + ProcessHandle.current().pid() + " ";
        assertTrue(lines.get(0).contains(pid + "cmd host1 failed (connection_failed) "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" ms: lvchange -ay vg/lv"), lines.get(0));
        assertTrue(lines.get(1).contains("cmd host1 exit 0 ") && lines.get(1).endsWith("ms: dd of=/dev/x"), lines.get(1));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "the file log writes nothing on stderr");
    }

    @Test
    void batchesLogEachCommandAndControlCharactersStayOnOneLine() {
        runners.local().succeedAll();
        CommandRunner r = log(Map.of("STORAGE_DRIVERS_DEBUG", "1")).wrap(runners.local());
        r.runAll(List.of(Command.of("echo", "a\nb"), Command.of("true")));
        List<String> lines = errLines();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("exit 0 (batch of 2)"), lines.get(0));
        assertTrue(lines.stream().allMatch(l -> l.startsWith("DEBUG: cmd local ")), lines.toString());
    }

    @Test
    void anUnwritableLogFileDoesNotFailTheCommand() {
        runners.local().succeedAll();
        CommandRunner r = log(Map.of("STORAGE_DRIVERS_LOG", dir.resolve("no/such/dir/log").toString())).wrap(runners.local());
        assertEquals(0, r.run(Command.of("true")).exitCode());
    }
}
