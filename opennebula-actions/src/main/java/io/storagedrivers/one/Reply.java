package io.storagedrivers.one;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;

import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.spi.BackendException;

/**
 * The stream contract of an action script (OpenNebula's DriverExecHelper): stdout carries only the
 * return value; {@code INFO:}/{@code ERROR:} stderr lines are logs; a failure is exit 1 and one
 * unprefixed stderr line, which never starts with '-' (oned would drop it). Stack traces go to
 * stderr only with STORAGE_DRIVERS_DEBUG=1, each line prefixed {@code DEBUG:} so they stay logs.
 */
public final class Reply {
    private static final Pattern LOG_PREFIX = Pattern.compile("^(ERROR|INFO|WARN|DEBUG):\\s.*", Pattern.DOTALL);

    private final PrintStream out;
    private final PrintStream err;
    private final String tag;
    private final boolean debug;
    /** {@code "<vmid> "} or "": one_tm.rb sends a log line with a VM id to that VM's log, others to oned.log. */
    private final String id;
    /** What a failed datastore action undid, said in its failure line (see {@link #undone}). */
    private final java.util.List<String> undone = new java.util.ArrayList<>();

    /** {@code tag} names the action in log lines, e.g. {@code shared_lvm/tm/clone}. */
    public Reply(PrintStream out, PrintStream err, String tag, boolean debug) {
        this(out, err, tag, debug, -1);
    }

    /** With {@code vmId >= 0} every log line carries it ({@code INFO: <vmid> ...}): it reaches the VM's log. */
    public Reply(PrintStream out, PrintStream err, String tag, boolean debug, int vmId) {
        this.out = out;
        this.err = err;
        this.tag = tag;
        this.debug = debug;
        this.id = vmId >= 0 ? vmId + " " : "";
    }

    /** The action's return value: exactly one line on stdout. */
    public void result(String line) {
        if (line.contains("\n") || line.contains("\r")) {
            throw new IllegalStateException("a reply must be one line: " + line);
        }
        out.print(line + "\n");
        out.flush();
    }

    /** A return value of several lines (system datastore monitor), each checked like {@link #result}. */
    public void resultLines(java.util.List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (line.contains("\n") || line.contains("\r")) {
                throw new IllegalStateException("a reply line must be one line: " + line);
            }
            sb.append(line).append('\n');
        }
        out.print(sb);
        out.flush();
    }

    public void info(String msg) {
        log("INFO", msg);
    }

    public void error(String msg) {
        log("ERROR", msg);
    }

    /**
     * What a failure path undid ({@code ok}: done; else it could not be undone). With a VM id an
     * INFO (ERROR) line, which one_tm.rb sends to the VM's log. Without one (a datastore action) it
     * becomes part of the failure line: OpenNebula's runner logs a failed action's whole stderr
     * itself (under the action's id) and then again every log line of it
     * ({@code get_info_from_execution}, {@code LOG I -1}), so a line of its own reached oned.log twice.
     */
    public void undone(String msg, boolean ok) {
        if (!id.isEmpty()) {
            log(ok ? "INFO" : "ERROR", msg);
        } else {
            undone.add(msg);
        }
    }

    private void log(String level, String msg) {
        err.print(level + ": " + id + tag + ": " + OneXml.oneLine(msg) + "\n");
        err.flush();
    }

    /** Reports {@code t} as the failure of the action and returns the exit code (1). */
    public int fail(Throwable t) {
        if (t instanceof CommandFailedException c && !c.stderr().isBlank()) {
            // the whole stderr of the failed command, as log lines, for the VM log / oned.log
            for (String l : c.stderr().split("\\R")) {
                if (!l.isBlank()) {
                    error(c.where() + ": " + l);
                }
            }
        }
        if (debug) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            for (String l : sw.toString().split("\\R")) {
                err.print("DEBUG: " + id + l + "\n");
            }
        }
        String line = failureLine(t);
        if (!undone.isEmpty()) {
            line = line + " (" + OneXml.oneLine(String.join("; ", undone)) + ")";
        }
        err.print(line + "\n");
        err.flush();
        return 1;
    }

    /** One line a user can act on; never empty, never starting with '-' or a log prefix. */
    static String failureLine(Throwable t) {
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = "unexpected " + t.getClass().getSimpleName();
        } else if (!(t instanceof OneException || t instanceof BackendException
                || t instanceof CommandFailedException)) {
            msg = t.getClass().getSimpleName() + ": " + msg;
        }
        msg = OneXml.oneLine(msg);
        if (msg.startsWith("-") || LOG_PREFIX.matcher(msg).matches()) {
            msg = "error: " + msg;
        }
        return msg;
    }
}
