package io.storagedrivers.exec.ssh;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;

/**
 * Opens one authenticated JSch session to a host as its {@link HostSettings} say. Host keys are
 * always checked against the known_hosts files with strict checking: nothing in the SSH config
 * (StrictHostKeyChecking no / accept-new) can weaken that, and known_hosts is never written.
 * Authentication is public key only, from the IdentityFile keys (no agent, no passwords).
 */
final class SshConnector {

    private SshConnector() {
    }

    /** A connected session, or a {@link ConnectFailure} with one line saying why not. */
    static Session connect(HostSettings s) {
        if (s.unsupported() != null) {
            throw new ConnectFailure(s.unsupported() + " in the SSH config for " + s.alias()
                    + " is not supported; give the host's address with HostName");
        }
        JSch jsch = new JSch();
        List<Path> knownFiles = loadKnownHosts(jsch, s);
        List<Path> keys = loadIdentities(jsch, s);
        for (int attempt = 1; ; attempt++) {
            Session session;
            try {
                session = jsch.getSession(s.user(), s.hostName(), s.port());
            } catch (JSchException e) {
                throw new ConnectFailure(e.getMessage());
            }
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            if (s.hostKeyAlias() != null) {
                session.setHostKeyAlias(s.hostKeyAlias());
            }
            session.setDaemonThread(true);
            // keepalive: a warm service keeps this session for many actions; a peer that went
            // away is noticed (and the next command reconnects, checking the host key again)
            session.setServerAliveCountMax(3);
            try {
                session.setServerAliveInterval(15_000);
                session.connect(Math.toIntExact(s.connectTimeout().toMillis()));
                return session;
            } catch (JSchException e) {
                session.disconnect();
                // JSch wraps its own internal races as a JSchException caused by a
                // RuntimeException (seen under heavy load: an NPE at Thread.setDaemon when the
                // server closed the socket during connect). A second try is safe: nothing ran yet.
                if (attempt == 1 && e.getCause() instanceof RuntimeException) {
                    continue;
                }
                throw new ConnectFailure(describe(e, s, session, knownFiles, keys));
            }
        }
    }

    private static List<Path> loadKnownHosts(JSch jsch, HostSettings s) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Path> used = new ArrayList<>();
        for (Path f : s.knownHostsFiles()) {
            if (Files.isRegularFile(f)) {
                try {
                    all.write(Files.readAllBytes(f));
                    all.write('\n');
                    used.add(f);
                } catch (IOException e) {
                    throw new ConnectFailure("cannot read known_hosts file " + f + ": " + e.getMessage());
                }
            }
        }
        try {
            // an in-memory repository: JSch can never write to the user's files
            jsch.setKnownHosts(new ByteArrayInputStream(all.toByteArray()));
        } catch (JSchException e) {
            throw new ConnectFailure("cannot parse known_hosts " + used + ": " + e.getMessage());
        }
        return used;
    }

    private static List<Path> loadIdentities(JSch jsch, HostSettings s) {
        List<Path> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path key : s.identityFiles()) {
            if (!Files.isRegularFile(key)) {
                continue;
            }
            try {
                jsch.addIdentity(key.toString());
                loaded.add(key);
            } catch (JSchException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        if (loaded.isEmpty()) {
            throw new ConnectFailure("no usable SSH key for " + s.target() + " (IdentityFile "
                    + s.identityFiles() + (problems.isEmpty() ? ": none exists" : ": " + String.join("; ", problems)) + ")");
        }
        return loaded;
    }

    private static String describe(JSchException e, HostSettings s, Session session, List<Path> knownFiles,
                                   List<Path> keys) {
        String who = s.alias() + " (" + s.target() + ")";
        String known = knownFiles.isEmpty() ? "no known_hosts file found among " + s.knownHostsFiles()
                : "known_hosts " + knownFiles;
        if (e instanceof JSchUnknownHostKeyException) {
            return "host key of " + who + fingerprint(session) + " is not in " + known
                    + "; refusing to connect (add the host's key to known_hosts after checking it)";
        }
        if (e instanceof JSchChangedHostKeyException) {
            return "host key of " + who + fingerprint(session) + " does NOT match " + known
                    + "; refusing to connect (host reinstalled, or someone is intercepting the connection)";
        }
        if (e instanceof JSchHostKeyException) {
            return "host key of " + who + " rejected: " + e.getMessage();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.startsWith("Auth fail") || m.startsWith("Auth cancel")) {
            return "public key authentication failed for " + who + " with " + keys;
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String detail = root == e ? m : root.getClass().getSimpleName() + ": " + root.getMessage();
        return "SSH connection to " + who + " failed: " + detail.replaceAll("\\R", " ");
    }

    private static String fingerprint(Session session) {
        HostKey k = session.getHostKey();
        if (k == null) {
            return "";
        }
        try {
            return " [" + k.getType() + " " + k.getFingerPrint(new JSch()) + "]";
        } catch (RuntimeException ex) {
            return " [" + k.getType() + "]";
        }
    }

    /** Connecting failed; the message is the one line for the user. */
    static final class ConnectFailure extends RuntimeException {
        ConnectFailure(String message) {
            super(message);
        }
    }
}
