package io.storagedrivers.exec.ssh;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;

import io.storagedrivers.exec.CappedOutputStream;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandFailedException.Reason;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;

/**
 * Runs commands on one host over ONE SSH connection (JSch), opened on first use and reused for
 * every command; each command gets its own exec channel, so threads may run commands at once.
 * A connection that died is re-opened on the next command ({@link SshConnection}). Thread-safe.
 *
 * <p>Every run honours the command's timeout (on expiry the remote process is sent KILL and the
 * channel closed) and output cap. Connection, authentication and host-key problems are
 * {@link CommandFailedException}s with reason {@link Reason#CONNECTION_FAILED}.
 */
public final class SshCommandRunner implements CommandRunner {

    /**
     * Channels open at once on the connection. OpenSSH's default MaxSessions is 10; more parallel
     * commands wait here instead of being refused by sshd.
     */
    static final int MAX_CHANNELS = 8;
    private static final long POLL_MAX_MS = 20;
    /** Exit code reported for a remote command killed by a signal (as OpenSSH's ssh does). */
    public static final int SIGNALLED = 255;

    private final HostSettings settings;
    private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);
    private final SshConnection connection;

    public SshCommandRunner(HostSettings settings) {
        this.settings = settings;
        this.connection = new SshConnection(settings);
    }

    public HostSettings settings() {
        return settings;
    }

    @Override
    public String where() {
        return settings.alias();
    }

    /** Whether the SSH user (the config's {@code User}, else the local user) is root. */
    @Override
    public boolean runsAsRoot() {
        return "root".equals(settings.user());
    }

    @Override
    public CommandResult execute(Command command) {
        return executeWith(command, new ByteArrayInputStream(command.stdin() == null ? new byte[0] : command.stdin()));
    }

    /** Streams {@code stdin} to the remote command over the channel while it runs (JSch sends EOF at its end). */
    @Override
    public CommandResult execute(Command command, InputStream stdin) {
        if (command.stdin() != null) {
            throw new IllegalArgumentException("command has stdin bytes and a stdin stream: " + command.printable());
        }
        return executeWith(command, stdin);
    }

    /** The commands as one exec request ({@link RemoteBatch}): one round trip however many they are. */
    @Override
    public java.util.List<CommandResult> runAll(java.util.List<Command> commands) {
        if (commands.size() < 2) {
            return CommandRunner.super.runAll(commands);
        }
        RemoteBatch batch = new RemoteBatch(commands);
        return batch.results(execute(batch.command()), where());
    }

    private CommandResult executeWith(Command command, InputStream stdin) {
        String line;
        try {
            line = RemoteCommandLine.of(command);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(Reason.START_FAILED, where(), command, -1, "", "", e.getMessage(), e);
        }
        long deadline = System.nanoTime() + command.timeout().toNanos();
        acquireChannel(command, deadline);
        try {
            return runOnChannel(command, line, deadline, stdin);
        } finally {
            channels.release();
        }
    }

    private void acquireChannel(Command command, long deadline) {
        try {
            if (!channels.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new CommandFailedException(Reason.TIMEOUT, where(), command, -1, "", "", null, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(Reason.START_FAILED, where(), command, -1, "", "", "interrupted", e);
        }
    }

    private CommandResult runOnChannel(Command command, String line, long deadline, InputStream stdin) {
        CappedOutputStream out = new CappedOutputStream(command.outputCap());
        CappedOutputStream err = new CappedOutputStream(command.outputCap());
        ChannelExec ch = connection.openChannel(command);
        try {
            ch.setCommand(line.getBytes(StandardCharsets.UTF_8));
            // always a stream, so the remote side sees EOF on stdin instead of waiting forever
            ch.setInputStream(stdin);
            ch.setOutputStream(out, true);
            ch.setErrStream(err, true);
            connect(ch);
            long sleep = 1;
            while (!ch.isClosed()) {
                if (System.nanoTime() > deadline) {
                    RemoteAbort.abort(ch, err);
                    throw new CommandFailedException(Reason.TIMEOUT, where(), command, -1, out.text(), stderrOf(err),
                            null, null);
                }
                if (out.overflowed() || err.overflowed()) {
                    RemoteAbort.abort(ch, err);
                    throw new CommandFailedException(Reason.OUTPUT_TOO_LARGE, where(), command, -1, out.text(),
                            stderrOf(err), null, null);
                }
                Thread.sleep(sleep);
                sleep = Math.min(POLL_MAX_MS, sleep * 2);
            }
            if (out.overflowed() || err.overflowed()) {
                throw new CommandFailedException(Reason.OUTPUT_TOO_LARGE, where(), command, ch.getExitStatus(),
                        out.text(), stderrOf(err), null, null);
            }
            int exit = ch.getExitStatus();
            String stderr = stderrOf(err);
            if (exit == -1 && ch.getExitSignal() != null) {
                // like OpenSSH's client: 255, and say why on the last stderr line
                exit = SIGNALLED;
                stderr = stderr + "remote command killed by signal " + ch.getExitSignal() + "\n";
            } else if (exit == -1) {
                // sshd always ends a channel with exit-status or exit-signal; neither means the
                // connection went away and JSch closed the channel itself
                throw new CommandFailedException(Reason.CONNECTION_FAILED, where(), command, -1, out.text(),
                        stderr, "connection lost while the command ran", null);
            }
            return new CommandResult(command, exit, out.bytes(), stderr, false);
        } catch (JSchException e) {
            throw new CommandFailedException(Reason.CONNECTION_FAILED, where(), command, -1, out.text(), stderrOf(err),
                    "channel failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RemoteAbort.abort(ch, err);
            throw new CommandFailedException(Reason.START_FAILED, where(), command, -1, out.text(), stderrOf(err),
                    "interrupted", e);
        } finally {
            ch.disconnect();
        }
    }

    /**
     * Starts the channel. JSch has a race (seen with 20 concurrent actions): when the remote
     * command finishes before {@code connect()} has started the channel's own thread, the
     * session's reader closes the channel first and {@code connect()} fails with a
     * NullPointerException. The command then ran to its end and its exit status arrived: that is
     * a result, not a failure (re-running it would run it twice). Anything else is rethrown.
     */
    private void connect(ChannelExec ch) throws JSchException {
        try {
            ch.connect(Math.toIntExact(Math.max(1, settings.connectTimeout().toMillis())));
        } catch (JSchException e) {
            if (!(e.getCause() instanceof NullPointerException) || !ch.isClosed() || ch.getExitStatus() == -1) {
                throw e;
            }
        }
    }

    /** The remote stderr as text, without the pid line of {@link RemoteCommandLine}. */
    private static String stderrOf(CappedOutputStream err) {
        return RemoteCommandLine.stripPid(err.text());
    }

    /** Starts opening the connection in the background (see {@link io.storagedrivers.exec.Runners#connectAhead}). */
    public void connectAhead() {
        connection.connectAhead();
    }

    /** True while the connection is open (for tests and diagnostics). */
    public boolean connected() {
        return connection.connected();
    }

    @Override
    public void close() {
        connection.close();
    }
}
