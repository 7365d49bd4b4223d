package io.storagedrivers.exec;

/**
 * A command exited non-zero, timed out, could not be started, or its host could not be reached.
 * Carries everything needed to diagnose it: the printable command, where it ran, exit code (-1 when
 * it never finished), stdout and stderr.
 */
public class CommandFailedException extends RuntimeException {

    public enum Reason { EXIT_CODE, TIMEOUT, START_FAILED, OUTPUT_TOO_LARGE, CONNECTION_FAILED }

    private final Reason reason;
    private final String where;
    private final String printable;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public CommandFailedException(Reason reason, String where, Command command, int exitCode,
                                  String stdout, String stderr, String detail, Throwable cause) {
        super(message(reason, where, command.printable(), exitCode, stderr, detail), cause);
        this.reason = reason;
        this.where = where;
        this.printable = command.printable();
        this.exitCode = exitCode;
        this.stdout = stdout == null ? "" : stdout;
        this.stderr = stderr == null ? "" : stderr;
    }

    private static String message(Reason reason, String where, String cmd, int exit, String stderr, String detail) {
        String on = where == null || where.isEmpty() ? "" : " on " + where;
        return switch (reason) {
            case EXIT_CODE -> "command failed" + on + " (exit " + exit + "): " + cmd + lastLine(stderr);
            case TIMEOUT -> "command timed out" + on + ": " + cmd;
            case START_FAILED -> "command could not be started" + on + ": " + cmd + (detail == null ? "" : ": " + detail);
            case OUTPUT_TOO_LARGE -> "command output exceeded the cap" + on + ": " + cmd;
            case CONNECTION_FAILED -> "cannot reach " + where + (detail == null ? "" : ": " + detail);
        };
    }

    /** The last non-blank stderr line: usually what the tool said about the failure. */
    private static String lastLine(String stderr) {
        if (stderr == null) {
            return "";
        }
        String[] lines = stderr.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty()) {
                return ": " + l;
            }
        }
        return "";
    }

    public Reason reason() {
        return reason;
    }

    /** Host name or "local". */
    public String where() {
        return where;
    }

    public String printableCommand() {
        return printable;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
