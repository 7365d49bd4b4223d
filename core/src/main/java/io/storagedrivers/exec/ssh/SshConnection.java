package io.storagedrivers.exec.ssh;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
 *
 * <p>{@link #connectAhead} opens the connection on a thread of its own while the action does its
 * frontend work (a cold JVM spends ~100 ms on the key exchange and authentication); the first
 * command then takes that connection, or its failure with the words it would have got connecting
 * itself. It never opens a second connection: commands wait for the one under way.
 */
final class SshConnection {
    static final Duration REMEMBER_FAILED_CONNECT = Duration.ofSeconds(10);

    private final HostSettings settings;
    private final Object lock = new Object();
    private Session session; // guarded by lock
    private boolean closed; // guarded by lock
    private String failedConnect; // guarded by lock
    private long failedAt; // guarded by lock
    private CompletableFuture<Session> ahead; // the connect under way, guarded by lock

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

    /**
     * Starts connecting on a daemon thread unless the connection is open, being opened, closed or
     * recently failed. Returns at once; nothing is reported here.
     */
    void connectAhead() {
        synchronized (lock) {
            if (closed || ahead != null || (session != null && session.isConnected()) || recentlyFailed()) {
                return;
            }
            ahead = CompletableFuture.supplyAsync(() -> SshConnector.connect(settings), r -> {
                Thread t = new Thread(r, "ssh connect " + settings.alias());
                t.setDaemon(true);
                t.start();
            });
        }
    }

    private Session session(Command command) {
        CompletableFuture<Session> pending;
        synchronized (lock) {
            if (closed) {
                throw failure(command, "runner already closed", null);
            }
            if (session != null && session.isConnected()) {
                return session;
            }
            pending = ahead;
            if (pending == null) {
                return connect(command);
            }
        }
        // wait for the connect under way without holding the lock: close() must not wait for it
        Session connected = null;
        String failed = null;
        try {
            connected = pending.join();
        } catch (CompletionException e) {
            failed = e.getCause() instanceof SshConnector.ConnectFailure f ? f.getMessage() : String.valueOf(e.getCause());
        }
        synchronized (lock) {
            if (ahead == pending) { // the first waiter to get here installs the outcome
                ahead = null;
                if (failed == null) {
                    session = connected;
                    failedConnect = null;
                } else {
                    failedConnect = failed;
                    failedAt = System.nanoTime();
                    throw failure(command, failed, null);
                }
            }
        }
        return session(command); // as connected now, or the usual path
    }

    /** Connects in this thread; called with the lock held. */
    private Session connect(Command command) {
        if (recentlyFailed()) {
            throw failure(command, failedConnect + " (" + (System.nanoTime() - failedAt) / 1_000_000_000L
                    + " s ago; not tried again so soon)", null);
        }
        try {
            session = SshConnector.connect(settings);
            failedConnect = null;
            return session;
        } catch (SshConnector.ConnectFailure e) {
            failedConnect = e.getMessage();
            failedAt = System.nanoTime();
            throw failure(command, e.getMessage(), null);
        }
    }

    private boolean recentlyFailed() {
        return failedConnect != null && System.nanoTime() - failedAt < REMEMBER_FAILED_CONNECT.toNanos();
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
            if (ahead != null) { // not waited for: the connection is dropped when it is made
                ahead.thenAccept(Session::disconnect);
                ahead = null;
            }
            if (session != null) {
                session.disconnect();
                session = null;
            }
        }
    }
}
