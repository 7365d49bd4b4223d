package io.storagedrivers.exec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The log of every command the drivers run: argv shell-quoted, where it ran, exit code (or why it
 * did not finish) and duration. Off unless {@value #DEBUG}=1, which writes each line to stderr
 * prefixed {@code DEBUG: } (OpenNebula's driver runners file such lines as log messages, never as
 * the action's error), or {@value #FILE}=PATH, which appends each line, with a timestamp and the
 * process id, to PATH. Never stdout: that is the action's reply. Stdin and the environment are not
 * logged (they may carry image data or secrets).
 */
public final class CommandLog {
    public static final String DEBUG = "STORAGE_DRIVERS_DEBUG";
    public static final String FILE = "STORAGE_DRIVERS_LOG";

    private static final CommandLog GLOBAL = from(System.getenv(), System.err);

    private final PrintStream stderr;
    private final Path file;

    CommandLog(PrintStream stderr, Path file) {
        this.stderr = stderr;
        this.file = file;
    }

    /** The log the process's environment asks for. */
    public static CommandLog global() {
        return GLOBAL;
    }

    /** The log {@code env} asks for, writing debug lines to {@code stderr}. */
    public static CommandLog from(Map<String, String> env, PrintStream stderr) {
        String debug = env.getOrDefault(DEBUG, "");
        String path = env.getOrDefault(FILE, "").strip();
        return new CommandLog(debug.isEmpty() || "0".equals(debug) ? null : stderr,
                path.isEmpty() ? null : Path.of(path));
    }

    public boolean enabled() {
        return stderr != null || file != null;
    }

    /** {@code runner} logging every command it runs, or {@code runner} itself when the log is off. */
    public CommandRunner wrap(CommandRunner runner) {
        return enabled() && !(runner instanceof LoggedRunner) ? new LoggedRunner(runner, this) : runner;
    }

    /** One line: {@code cmd <where> <outcome> <ms> ms: <argv>}. */
    void record(String where, String argv, String outcome, Duration took) {
        request("cmd", where, argv, outcome, took);
    }

    /**
     * One line for a request that is not a command, e.g. {@code rpc localhost:2633 ok 3 ms: one.vm.info 7}
     * (an API call of oned's): {@code <kind> <where> <outcome> <ms> ms: <what>}. Never pass a secret.
     */
    public void request(String kind, String where, String what, String outcome, Duration took) {
        if (!enabled()) {
            return;
        }
        String line = kind + " " + where + " " + outcome + " " + took.toMillis() + " ms: " + what;
        line = line.replace("\n", "\\n").replace("\r", "\\r");
        if (stderr != null) {
            synchronized (stderr) {
                stderr.print("DEBUG: " + line + "\n");
                stderr.flush();
            }
        }
        if (file != null) {
            String entry = Instant.now() + " pid " + ProcessHandle.current().pid() + " " + line + "\n";
            try {
                // one write per line in append mode: lines of concurrent processes do not interleave
                Files.write(file, entry.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                // a log that cannot be written must not fail the action
            }
        }
    }
}
