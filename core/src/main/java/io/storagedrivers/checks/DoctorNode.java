package io.storagedrivers.checks;

import java.time.Duration;
import java.util.function.Consumer;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;

/**
 * One node a doctor run checks: where its commands run, whether its user is root (else root's
 * commands go through {@code sudo -n}), and its report lines, each {@code "<name>: <what>"}.
 */
public final class DoctorNode {

    /** A check waits this long for a command at most: doctor answers rather than hangs. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final CommandRunner runner;
    private final boolean root;
    private final Consumer<Check> sink;
    private boolean failed;

    public DoctorNode(String name, CommandRunner runner, boolean root, Consumer<Check> sink) {
        this.name = name;
        this.runner = runner;
        this.root = root;
        this.sink = sink;
    }

    public String name() {
        return name;
    }

    /** Whether the user commands run as here is root (no {@code sudo} needed). */
    public boolean root() {
        return root;
    }

    /** Runs {@code c} whatever its exit code, for at most {@link #TIMEOUT}. */
    public CommandResult run(Command c) {
        return runner.execute(c.timeout().compareTo(TIMEOUT) > 0 ? c.withTimeout(TIMEOUT) : c);
    }

    /** One report line of this node. */
    public void report(boolean ok, String what) {
        failed |= !ok;
        sink.accept(new Check(ok, name + ": " + what));
    }

    /** Whether a line of this node was a failure. */
    public boolean failed() {
        return failed;
    }

    /** The last meaningful stderr line (LVM prints warnings before the reason), else the exit code. */
    public static String reason(CommandResult r) {
        String[] lines = r.stderr().strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("File descriptor")) {
                return l;
            }
        }
        return "exit " + r.exitCode();
    }

    /** A one-line reason for a command that could not run at all. */
    public static String reason(CommandFailedException e) {
        String m = e.getMessage() == null ? e.reason().toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
