package io.storagedrivers.exec.ssh;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;

/**
 * A "host" that accepts TCP and never speaks SSH: every connect to it waits its full timeout.
 * {@link #settings} offer a freshly made key, so a connect gets as far as the network and each
 * attempt is counted in {@link #accepted}.
 */
final class SilentHost implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0);
    private final AtomicInteger accepted = new AtomicInteger();
    private final Path key;
    private final Path knownHosts;

    SilentHost(Path dir) throws Exception {
        key = dir.resolve("id_ecdsa");
        knownHosts = dir.resolve("known_hosts");
        KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256).writePrivateKey(key.toString());
        Thread t = new Thread(this::acceptForever, "silent host");
        t.setDaemon(true);
        t.start();
    }

    private void acceptForever() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.incrementAndGet();
                s.getInputStream().read(); // hold it open, say nothing
            } catch (IOException e) {
                return;
            }
        }
    }

    /** How to reach this host as {@code alias}, giving up a connect after {@code timeout}. */
    HostSettings settings(String alias, Duration timeout) {
        return new HostSettings(alias, "127.0.0.1", socket.getLocalPort(), "oneadmin", timeout, null, List.of(key),
                List.of(knownHosts), null);
    }

    /** TCP connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
