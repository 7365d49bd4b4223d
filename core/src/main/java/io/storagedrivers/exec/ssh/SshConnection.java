package io.storagedrivers.exec.ssh;

import java.time.Duration;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandFailedException.Reason;

/**
 * The one SSH connection of an {@link SshCommandRunner}: opened on first use, shared by every
 * command, re-opened once when it died since the last command. A failed connect is remembered for
 * {@link #REMEMBER_FAILED_CONNECT}: commands in that window fail at once with the same reason
 * instead of waiting the connect timeout again (the undo after a failed action on a host that is
 * gone; a warm service tries again later). Thread-safe.
 */
final class SshConnection {
    static final Duration REMEMBER_FAILED_CONNECT = Duration.ofSeconds(10);

    private final HostSettings settings;
    private final Object lock = new Object();
    private Session session; // guarded by lock
    private boolean closed; // guarded by lock
    private String failedConnect; // guarded by lock
    private long failedAt; // guarded by lock

    SshConnection(HostSettings settings) {
        this.settings = settings;
    }

    /** A new exec channel for {@code command}; re-opens the connection once if it died. */
    ChannelExec openChannel(Command command) {
        Session s = session(command);
        try {
            return (ChannelExec) s.openChannel("exec");
        } catch (JSchException first) {
            if (s.isConnected()) {
                throw failure(command, "cannot open a channel: " + first.getMessage(), first);
            }
            synchronized (lock) {
                if (session == s) {
                    s.disconnect();
                    session = null;
                }
            }
            try {
                return (ChannelExec) session(command).openChannel("exec");
            } catch (JSchException e) {
                throw failure(command, "cannot open a channel: " + e.getMessage(), e);
            }
        }
    }

    private Session session(Command command) {
        synchronized (lock) {
            if (closed) {
                throw failure(command, "runner already closed", null);
            }
            if (session == null || !session.isConnected()) {
                long now = System.nanoTime();
                if (failedConnect != null && now - failedAt < REMEMBER_FAILED_CONNECT.toNanos()) {
                    throw failure(command, failedConnect + " (" + (now - failedAt) / 1_000_000_000L
                            + " s ago; not tried again so soon)", null);
                }
                try {
                    session = SshConnector.connect(settings);
                    failedConnect = null;
                } catch (SshConnector.ConnectFailure e) {
                    failedConnect = e.getMessage();
                    failedAt = System.nanoTime();
                    throw failure(command, e.getMessage(), null);
                }
            }
            return session;
        }
    }

    private CommandFailedException failure(Command command, String why, Throwable cause) {
        return new CommandFailedException(Reason.CONNECTION_FAILED, settings.alias(), command, -1, "", "", why, cause);
    }

    boolean connected() {
        synchronized (lock) {
            return session != null && session.isConnected();
        }
    }

    void close() {
        synchronized (lock) {
            closed = true;
            if (session != null) {
                session.disconnect();
                session = null;
            }
        }
    }
}
