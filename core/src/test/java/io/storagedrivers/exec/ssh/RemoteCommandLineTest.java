package io.storagedrivers.exec.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.LocalCommandRunner;

/**
 * The remote command line, checked by feeding it to real local shells the way sshd does
 * ({@code shell -c LINE}); the SSH round trip itself is in SshCommandRunnerIT.
 */
class RemoteCommandLineTest {

    static final List<String> HOSTILE = List.of("plain", "a b", "  lead", "trail  ", "'", "''", "it's", "\"dq\"",
            "$(id)", "${HOME}", "$HOME", "`id`", "; rm -rf /", "a && b", "a|b", "new\nline", "cr\rret", "tab\tx",
            "-n", "--", "-e", "ünï 🚀 ∑", "", "*", "?", "[a]", "~", "~root", "!", "#comment", "\\", "\\n", "a=b",
            "%s", "\u0001\u001f\u007f", "{a,b}", "> /tmp/x", "<x", "&", "$'x'");

    private static final String PREFIX = "echo storage-drivers-pid=$$ >&2; PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin; exec ";

    private final LocalCommandRunner local = new LocalCommandRunner();

    @Test
    void plainWordsStayReadable() {
        assertEquals(PREFIX + "lvs --units b vg/lv", RemoteCommandLine.of(Command.of("lvs", "--units", "b", "vg/lv")));
        assertEquals(PREFIX + "printf '%s\\0' 'a b' ''", RemoteCommandLine.of(Command.of("printf", "%s\\0", "a b", "")));
    }

    @Test
    void envBecomesEnvPrefixSorted() {
        Command c = Command.of("lvs").withEnv("LC_ALL", "C").withEnv("A_B", "x y");
        assertEquals(PREFIX + "env 'A_B=x y' LC_ALL=C lvs", RemoteCommandLine.of(c));
    }

    @Test
    void hostileArgumentsSurviveRealShells() {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(HOSTILE);
        String expected = String.join("\0", HOSTILE) + "\0";
        for (String shell : List.of("sh", "bash", "dash")) {
            String line = RemoteCommandLine.of(Command.of(argv));
            assertEquals(expected, local.run(Command.of(shell, "-c", line)).stdout(), shell);
            String withEnv = RemoteCommandLine.of(Command.of(argv).withEnv("SD_X", "$(id) 'q'\n"));
            assertEquals(expected, local.run(Command.of(shell, "-c", withEnv)).stdout(), shell + " with env");
        }
    }

    @Test
    void programsInSbinAreFoundWithTheNonRootPathSshdGives() {
        // sshd gives a non-root user /usr/local/bin:/usr/bin:/bin:/usr/games: mkswap is in /usr/sbin
        String line = RemoteCommandLine.of(Command.of("sh", "-c", "command -v mkswap; echo \"$PATH\""));
        CommandResult r = local.run(Command.of("env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin:/usr/games",
                "sh", "-c", line));
        assertEquals("/usr/sbin/mkswap\n/usr/local/bin:/usr/bin:/bin:/usr/games:/usr/local/sbin:/usr/sbin:/sbin\n",
                r.stdout(), r.stderr());
    }

    @Test
    void pidLineReportedAndStripped() {
        String line = RemoteCommandLine.of(Command.of("sh", "-c", "echo $$; echo oops >&2"));
        CommandResult r = local.run(Command.of("bash", "-c", line));
        long pid = RemoteCommandLine.pid(r.stderr());
        assertEquals(pid + "\n", r.stdout(), "exec keeps the shell's pid");
        assertEquals("oops\n", RemoteCommandLine.stripPid(r.stderr()));
        assertEquals(-1, RemoteCommandLine.pid("storage-drivers-pid=12"));
        assertEquals(42, RemoteCommandLine.pid("banner\nstorage-drivers-pid=42\nx\n"));
        assertEquals("banner\nx\n", RemoteCommandLine.stripPid("banner\nstorage-drivers-pid=42\nx\n"));
    }

    @Test
    void hostileEnvValuesSurvive() {
        for (String v : HOSTILE) {
            String line = RemoteCommandLine.of(Command.of("printenv", "SD_X").withEnv("SD_X", v));
            assertEquals(v + "\n", local.run(Command.of("sh", "-c", line)).stdout(), v);
        }
    }

    @Test
    void refusesWhatCannotCross() {
        assertThrows(IllegalArgumentException.class, () -> RemoteCommandLine.of(Command.of("echo", "a\0b")));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteCommandLine.of(Command.of("echo").withEnv("BAD NAME", "x")));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteCommandLine.of(Command.of("echo").withEnv("X", "a\0")));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteCommandLine.of(Command.of("A=b").withEnv("X", "1")));
        assertThrows(IllegalArgumentException.class,
                () -> RemoteCommandLine.of(Command.of("-x").withEnv("X", "1")));
    }
}
