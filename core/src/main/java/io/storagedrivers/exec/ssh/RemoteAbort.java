package io.storagedrivers.exec.ssh;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.storagedrivers.exec.CappedOutputStream;
import io.storagedrivers.exec.Command;

/**
 * Stops a remote command that ran out of time or output: an SSH "signal" request (honoured by
 * sshd for non-root users only), then KILL to its process group (the pid {@link RemoteCommandLine}
 * printed on stderr) over a second channel, then the channel is closed.
 */
final class RemoteAbort {
    private static final int KILL_WAIT_MS = 5000;

    private RemoteAbort() {
    }

    static void abort(ChannelExec ch, CappedOutputStream err) {
        try {
            ch.sendSignal("KILL");
        } catch (Exception ignored) {
            // not supported for root sessions; the group kill below covers it
        }
        long pid = RemoteCommandLine.pid(err.text());
        if (pid > 0) {
            try {
                killGroup(ch.getSession(), pid);
            } catch (JSchException ignored) {
                // the session is gone: nothing more we can do from here
            }
        }
        ch.disconnect();
    }

    private static void killGroup(Session session, long pid) {
        Command kill = Command.of("kill", "-s", "KILL", "--", "-" + pid);
        ChannelExec k = null;
        try {
            k = (ChannelExec) session.openChannel("exec");
            k.setCommand(RemoteCommandLine.of(kill).getBytes(StandardCharsets.UTF_8));
            k.setInputStream(InputStream.nullInputStream());
            k.connect(KILL_WAIT_MS);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_WAIT_MS);
            while (!k.isClosed() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (JSchException ignored) {
            // best effort
        } finally {
            if (k != null) {
                k.disconnect();
            }
        }
    }
}
