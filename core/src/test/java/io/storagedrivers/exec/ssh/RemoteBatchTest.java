package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.LocalCommandRunner;

/** The batch script run by a real POSIX shell ({@code sh -s} here, as sshd's shell runs it there). */
class RemoteBatchTest {
    private final LocalCommandRunner sh = new LocalCommandRunner();

    private List<CommandResult> run(List<Command> commands) {
        RemoteBatch batch = new RemoteBatch(commands);
        return batch.results(sh.execute(batch.command()), "host1");
    }

    @Test
    void eachCommandGetsExactlyItsArgvOutputAndStatus() {
        String nasty = "it's \"quoted\" $HOME `x` ; rm -rf / \\ *";
        List<CommandResult> r = run(List.of(
                Command.of("printf", "%s", nasty),
                Command.of("sh", "-c", "printf 'line\\n'; echo oops >&2"),
                Command.of("printenv", "SD_TEST").withEnv("SD_TEST", "a b'c"),
                Command.of("cat")));
        assertEquals(nasty, r.get(0).stdout());
        assertEquals("line\n", r.get(1).stdout());
        assertEquals("oops\n", r.get(1).stderr());
        assertEquals("a b'c\n", r.get(2).stdout());
        assertEquals("", r.get(3).stdout(), "a command reads /dev/null, never the script");
        assertEquals(4, r.size());
    }

    @Test
    void theFirstFailureIsThrownAndNothingAfterItRuns() {
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> run(List.of(
                Command.of("true"),
                Command.of("sh", "-c", "echo why >&2; exit 3"),
                Command.of("sh", "-c", "echo ran > /dev/stderr"))));
        assertEquals(3, e.exitCode());
        assertEquals("why\n", e.stderr());
        assertEquals(CommandFailedException.Reason.EXIT_CODE, e.reason());
        assertTrue(e.getMessage().contains("exit 3"), e.getMessage());
        assertEquals("sh -c 'echo why >&2; exit 3'", e.printableCommand());
    }

    @Test
    void aBatchCutShortIsAConnectionFailureOfTheFirstSilentCommand() {
        RemoteBatch batch = new RemoteBatch(List.of(Command.of("true"), Command.of("false")));
        CommandResult cut = new CommandResult(batch.command(), 255, new byte[0], "", false);
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> batch.results(cut, "host1"));
        assertEquals(CommandFailedException.Reason.CONNECTION_FAILED, e.reason());
        assertEquals("true", e.printableCommand());
    }

    @Test
    void binaryOutputSurvives() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        List<CommandResult> r = run(List.of(Command.of("printf", "\\000\\001\\377\\n"), Command.of("true")));
        assertEquals("\u0000\u0001", new String(r.get(0).stdoutBytes(), 0, 2, StandardCharsets.ISO_8859_1));
        assertEquals(4, r.get(0).stdoutBytes().length);
    }

    @Test
    void stdinBytesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new RemoteBatch(List.of(Command.of("cat").withStdin(new byte[] {1}))));
    }
}
