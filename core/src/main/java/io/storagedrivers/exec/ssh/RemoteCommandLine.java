package io.storagedrivers.exec.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.ShellQuote;

/**
 * THE one place where an argument list becomes shell text: the command line sshd hands to the
 * remote user's login shell ({@code $SHELL -c LINE}), which must be a POSIX shell (sh, dash, bash).
 * Every word is quoted with {@link ShellQuote}, so the remote program receives exactly our argv.
 * Environment variables are passed as {@code env NAME=value ... argv} (sshd's AcceptEnv usually
 * drops SSH-protocol environment requests).
 *
 * <p>The line first reports the shell's pid on stderr ({@value #PID_MARKER}NNN), then {@code exec}s
 * the command, which so keeps that pid; sshd made it a process-group leader (setsid). The runner
 * strips that line from stderr and, on a timeout, kills the group by pid over a second channel,
 * because sshd ignores SSH "signal" requests for root sessions.
 *
 * <p>Before the command the line appends the sbin directories to {@code PATH} ({@value #SBIN}): sshd
 * gives a non-root user (the OpenNebula user on a host) {@code /usr/local/bin:/usr/bin:/bin:/usr/games}
 * only, and the programs the drivers run there without sudo ({@code mkswap}, {@code mkfs},
 * {@code blkdiscard}) live in {@code /usr/sbin}. Appended, so the user's own PATH still comes first
 * (OpenNebula's scripts_common.sh puts {@code /sbin} on its PATH the same way).
 */
public final class RemoteCommandLine {

    /** Prefix of the pid line the remote shell writes to stderr before exec'ing the command. */
    public static final String PID_MARKER = "storage-drivers-pid=";
    private static final Pattern PID_LINE = Pattern.compile("(?m)^" + PID_MARKER + "([0-9]{1,10})\\n");
    /** What the command line appends to PATH. */
    static final String SBIN = "/usr/local/sbin:/usr/sbin:/sbin";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RemoteCommandLine() {
    }

    /**
     * The remote command line for {@code command}'s argv and env.
     *
     * @throws IllegalArgumentException for a NUL byte in an argument or value (no remote program can
     *         receive one) or an environment name that is not a shell identifier
     */
    public static String of(Command command) {
        return "echo " + PID_MARKER + "$$ >&2; PATH=$PATH:" + SBIN + "; exec " + words(command);
    }

    /**
     * {@code command}'s argv (after {@code env NAME=value ...} when it has environment), each word
     * quoted: one shell command that runs exactly that argv. Same checks as {@link #of}.
     */
    static String words(Command command) {
        List<String> words = new ArrayList<>();
        if (!command.env().isEmpty()) {
            words.add("env");
            // sorted: the same command always gives the same line (logs, tests)
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(command.env()).entrySet()) {
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    throw new IllegalArgumentException("bad environment variable name " + ShellQuote.quote(e.getKey()));
                }
                words.add(e.getKey() + "=" + e.getValue());
            }
            // an argv[0] containing '=' or starting with '-' would be read by env as an assignment or option
            if (command.program().contains("=") || command.program().startsWith("-")) {
                throw new IllegalArgumentException("program name " + ShellQuote.quote(command.program())
                        + " cannot be combined with environment variables");
            }
        }
        words.addAll(command.argv());
        for (String w : words) {
            if (w.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument contains a NUL byte, which no remote command can receive");
            }
        }
        return ShellQuote.join(words);
    }

    /** The remote pid from the stderr seen so far, or -1 when it has not arrived yet. */
    static long pid(String stderr) {
        Matcher m = PID_LINE.matcher(stderr);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The command's own stderr: without our pid line. */
    static String stripPid(String stderr) {
        return PID_LINE.matcher(stderr).replaceFirst("");
    }
}
