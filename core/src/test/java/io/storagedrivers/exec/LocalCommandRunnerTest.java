package io.storagedrivers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The real runner against tiny real programs (printf, cat, sh -c for exit codes). */
class LocalCommandRunnerTest {
    private final LocalCommandRunner runner = new LocalCommandRunner();

    @Test
    void argumentsReachTheProgramUnchanged() {
        List<String> hostile = List.of("a b", "'q'", "\"dq\"", "$(id)", "`id`", "; rm -rf /", "new\nline", "-n", "ünï", "");
        Command c = Command.of("printf", "%s\\0").plus(hostile.toArray(String[]::new));
        String out = runner.run(c).stdout();
        assertEquals(String.join("\0", hostile) + "\0", out);
    }

    @Test
    void stdinAndEnvArePassed() {
        CommandResult r = runner.run(Command.of("cat").withStdin("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello", r.stdout());
        assertEquals("v\n", runner.run(Command.of("printenv", "SD_TEST_VAR").withEnv("SD_TEST_VAR", "v")).stdout());
    }

    @Test
    void stdinCanBeStreamed() {
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        big[big.length - 1] = 1;
        CommandResult r = runner.run(Command.of("wc", "-c"), new java.io.ByteArrayInputStream(big));
        assertEquals(String.valueOf(big.length), r.stdout().strip());
        assertThrows(IllegalArgumentException.class, () -> runner.execute(
                Command.of("cat").withStdin(new byte[1]), new java.io.ByteArrayInputStream(big)));
    }

    @Test
    void nonZeroExitBecomesTypedFailure() {
        Command c = Command.of("sh", "-c", "echo out; echo bad thing >&2; exit 3");
        assertEquals(3, runner.execute(c).exitCode());
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> runner.run(c));
        assertEquals(CommandFailedException.Reason.EXIT_CODE, e.reason());
        assertEquals(3, e.exitCode());
        assertEquals("out\n", e.stdout());
        assertTrue(e.getMessage().endsWith(": bad thing"), e.getMessage());
    }

    @Test
    void timeoutKillsTheCommand() {
        Command c = Command.of("sleep", "10").withTimeout(Duration.ofMillis(300));
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> runner.execute(c));
        assertEquals(CommandFailedException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void missingProgramIsAStartFailure() {
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> runner.execute(Command.of("/nonexistent/prog")));
        assertEquals(CommandFailedException.Reason.START_FAILED, e.reason());
    }

    @Test
    void outputCapIsEnforced() {
        Command c = Command.of("head", "-c", "100000", "/dev/zero").withOutputCap(1000);
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> runner.execute(c));
        assertEquals(CommandFailedException.Reason.OUTPUT_TOO_LARGE, e.reason());
    }
}
