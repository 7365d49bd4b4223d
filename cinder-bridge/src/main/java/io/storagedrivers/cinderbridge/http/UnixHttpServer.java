package io.storagedrivers.cinderbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpHandler;

/**
 * The bridge's HTTP/1.1 listener on a Unix domain socket (the JDK's HttpServer binds only TCP): a
 * {@link RequestServer} on a socket file, with the same deadlines and limits as on TCP. A channel
 * has no read timeout, so a deadline is a timer that closes the channel. The per-client limit
 * counts connections of one Unix user (the peer's credentials). The socket file gets mode 0660;
 * access control is the file's owner and group, and the bearer token is required as on TCP.
 */
public final class UnixHttpServer implements BridgeListener {
    private final Path path;
    private final RequestServer server;
    private final ScheduledThreadPoolExecutor deadlines;
    private final PrintStream log;

    private UnixHttpServer(Path path, RequestServer server, ScheduledThreadPoolExecutor deadlines, PrintStream log) {
        this.path = path;
        this.server = server;
        this.deadlines = deadlines;
        this.log = log;
    }

    /**
     * Creates the parent directory if missing (mode 0755), replaces a stale socket file that no
     * process listens on, binds, and sets the socket's mode to 0660. Refuses a path that is not a
     * socket, or a socket another process serves.
     */
    public static UnixHttpServer bind(Path socket, RequestServer.Limits limits, HttpHandler handler, PrintStream log)
            throws IOException {
        Path abs = socket.toAbsolutePath();
        Files.createDirectories(abs.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        removeStale(abs);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(abs), 128);
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(abs); // bound but not usable: leave no socket file behind
            throw e;
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bridge-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        RequestServer server = new RequestServer("cinder-bridge", new UnixAcceptor(ch, timer), handler, limits, log);
        return new UnixHttpServer(abs, server, timer, log);
    }

    private static void removeStale(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!a.isOther()) {
            throw new IllegalStateException("listen path " + p + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            throw new IllegalStateException("another process listens on " + p);
        } catch (IOException e) {
            Files.delete(p); // nobody answers: left by a bridge that died
        }
    }

    @Override
    public void start() {
        server.start();
    }

    /** Connections accepted and not yet closed. */
    int connections() {
        return server.connections();
    }

    @Override
    public String url() {
        return "unix://" + path;
    }

    /** Stops accepting, lets running requests finish for up to {@code graceSeconds}, removes the file. */
    @Override
    public void stop(int graceSeconds) {
        server.stop(graceSeconds);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.println("WARN cinder-bridge: removing " + path + ": " + e.getMessage());
        }
        deadlines.shutdownNow();
    }

    private record UnixAcceptor(ServerSocketChannel channel, ScheduledExecutorService timer)
            implements RequestServer.Acceptor {
        @Override
        public RequestServer.Connection accept() throws IOException {
            try {
                return new UnixConnection(channel.accept(), timer);
            } catch (ClosedChannelException e) {
                return null;
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A channel closed by a timer at its deadline. */
    private static final class UnixConnection implements RequestServer.Connection {
        private final SocketChannel channel;
        private final ScheduledExecutorService timer;
        private final String client;
        private ScheduledFuture<?> cut;

        UnixConnection(SocketChannel channel, ScheduledExecutorService timer) {
            this.channel = channel;
            this.timer = timer;
            this.client = peer(channel);
        }

        /** The peer's Unix user ("uid:N" style name) when the platform tells, else one shared name. */
        private static String peer(SocketChannel ch) {
            try {
                return "unix user " + ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
            } catch (IOException | UnsupportedOperationException e) {
                return "unix";
            }
        }

        @Override
        public InputStream in() {
            return Channels.newInputStream(channel);
        }

        @Override
        public OutputStream out() {
            return Channels.newOutputStream(channel);
        }

        @Override
        public String client() {
            return client;
        }

        @Override
        public synchronized void deadline(long nanoTime) {
            if (cut != null) {
                cut.cancel(false);
                cut = null;
            }
            if (nanoTime != 0) {
                cut = timer.schedule(this::close, Math.max(0, nanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public boolean open() {
            return channel.isOpen();
        }

        @Override
        public void refuse(byte[] response) {
            try {
                channel.configureBlocking(false); // never wait for a client that does not read
                channel.write(ByteBuffer.wrap(response));
            } catch (IOException e) {
                // closing anyway
            }
            close();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

}
