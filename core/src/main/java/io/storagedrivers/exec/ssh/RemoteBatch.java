package io.storagedrivers.exec.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.storagedrivers.exec.Bytes;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandFailedException.Reason;
import io.storagedrivers.exec.CommandResult;

/**
 * Several commands as ONE SSH exec request: {@code sh -s} reading a generated POSIX script on
 * stdin. Each command is one line of quoted words (built by {@link RemoteCommandLine#words}, the
 * same quoting as a single command: the argv is still quoted exactly once, here, at the SSH
 * boundary), its stdin is {@code /dev/null} (it must not read the script), and after it a marker
 * line with a per-batch random token reports its exit status on stdout and ends its stderr. The
 * script stops after the first command that fails. The markers cut the two streams back into one
 * {@link CommandResult} per command.
 */
final class RemoteBatch {
    /** A whole batch may run this long at most, whatever its commands' own timeouts add up to. */
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    private static final int MAX_CAP = 64 * 1024 * 1024;

    private final List<Command> commands;
    private final String token = "storage-drivers-batch-" + UUID.randomUUID().toString().replace("-", "");

    RemoteBatch(List<Command> commands) {
        for (Command c : commands) {
            if (c.stdin() != null) {
                throw new IllegalArgumentException("a batched command cannot take stdin: " + c.printable());
            }
        }
        this.commands = List.copyOf(commands);
    }

    /** The one command sent: {@code sh -s}, the script as its stdin, the commands' timeouts added up. */
    Command command() {
        Duration timeout = Duration.ZERO;
        long cap = 0;
        for (Command c : commands) {
            timeout = timeout.plus(c.timeout());
            cap += c.outputCap();
        }
        return Command.of("sh", "-s").withStdin(script())
                .withTimeout(timeout.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : timeout)
                .withOutputCap((int) Math.min(cap, MAX_CAP));
    }

    byte[] script() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            sb.append(RemoteCommandLine.words(commands.get(i))).append(" </dev/null\n")
              .append("sd_rc=$?\n")
              .append("printf '\\n%s %d %d\\n' ").append(token).append(' ').append(i).append(" \"$sd_rc\"\n")
              .append("printf '\\n%s %d\\n' ").append(token).append(' ').append(i).append(" >&2\n")
              .append("[ \"$sd_rc\" -eq 0 ] || exit 0\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One result per command, in order, all successful; the first failed command is thrown as a
     * {@link CommandFailedException} of that command (as {@code run} would have thrown it), and a
     * batch cut short before a command reported (connection lost, shell killed) as
     * {@link Reason#CONNECTION_FAILED} of the first command that did not report.
     */
    List<CommandResult> results(CommandResult whole, String where) {
        byte[] out = whole.stdoutBytes();
        String err = whole.stderr();
        int outPos = 0;
        int errPos = 0;
        List<CommandResult> results = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Command c = commands.get(i);
            byte[] mark = ("\n" + token + " " + i + " ").getBytes(StandardCharsets.US_ASCII);
            int at = Bytes.indexOf(out, mark, outPos);
            String errMark = "\n" + token + " " + i + "\n";
            int errAt = err.indexOf(errMark, errPos);
            if (at < 0) {
                throw new CommandFailedException(Reason.CONNECTION_FAILED, where, c, -1, "", err.substring(errPos),
                        "the batch of " + commands.size() + " commands ended (exit " + whole.exitCode()
                                + ") before this one reported", null);
            }
            int eol = Bytes.indexOf(out, new byte[] {'\n'}, at + mark.length);
            int rc = Integer.parseInt(new String(out, at + mark.length, eol - at - mark.length, StandardCharsets.US_ASCII));
            byte[] stdout = Arrays.copyOfRange(out, outPos, at);
            String stderr = errAt < 0 ? err.substring(errPos) : err.substring(errPos, errAt);
            outPos = eol + 1;
            errPos = errAt < 0 ? err.length() : errAt + errMark.length();
            if (rc != 0) {
                throw new CommandFailedException(Reason.EXIT_CODE, where, c, rc,
                        new String(stdout, StandardCharsets.UTF_8), stderr, null, null);
            }
            results.add(new CommandResult(c, rc, stdout, stderr, false));
        }
        return results;
    }

    String token() {
        return token;
    }
}
