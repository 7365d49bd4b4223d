package io.storagedrivers.cinderbridge.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.storagedrivers.cinderbridge.ops.ApiException;
import io.storagedrivers.cinderbridge.ops.ApiException.Code;

/**
 * The bridge's HTTP/1.1 listener on a Unix domain socket (the JDK's HttpServer binds only TCP):
 * accepts connections, reads one request each (head and body, within {@code requestTimeout}),
 * and hands it to the same {@link ApiHandler} as the TCP listener. Hostile clients cost little:
 * a malformed head gets 400, an oversized one or body 413, a client that sends too slowly is
 * disconnected at the deadline, and at most {@code maxConnections} connections are open at once
 * (more are closed on accept). The socket file gets mode 0660; access control is the file's
 * owner and group, and the bearer token is required as on TCP.
 */
public final class UnixHttpServer implements BridgeListener {
    static final int MAX_HEAD = 16 * 1024;
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Path path;
    private final ServerSocketChannel server;
    private final ApiHandler handler;
    private final Duration requestTimeout;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService deadlines;
    private final PrintStream log;
    private final Thread acceptor;

    private UnixHttpServer(Path path, ServerSocketChannel server, int threads, ApiHandler handler,
            Duration requestTimeout, int maxConnections, PrintStream log) {
        this.path = path;
        this.server = server;
        this.handler = handler;
        this.requestTimeout = requestTimeout;
        this.slots = new Semaphore(maxConnections);
        this.log = log;
        this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "bridge-worker"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "bridge-deadlines"));
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = timer;
        this.acceptor = daemon(this::acceptLoop, "bridge-unix-accept");
    }

    /** Binds with the defaults: 30 s per request, four connections per worker thread. */
    public static UnixHttpServer bind(Path socket, int threads, ApiHandler handler, PrintStream log)
            throws IOException {
        return bind(socket, threads, handler, log, REQUEST_TIMEOUT, threads * 4);
    }

    /**
     * Creates the parent directory if missing (mode 0755), replaces a stale socket file that no
     * process listens on, binds, and sets the socket's mode to 0660. Refuses a path that is not a
     * socket, or a socket another process serves.
     */
    public static UnixHttpServer bind(Path socket, int threads, ApiHandler handler, PrintStream log,
            Duration requestTimeout, int maxConnections) throws IOException {
        Path abs = socket.toAbsolutePath();
        Files.createDirectories(abs.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        removeStale(abs);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(abs), 64);
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(abs); // bound but not usable: leave no socket file behind
            throw e;
        }
        return new UnixHttpServer(abs, ch, threads, handler, requestTimeout, maxConnections, log);
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
        acceptor.start();
    }

    @Override
    public String url() {
        return "unix://" + path;
    }

    /** Stops accepting, lets running requests finish for up to {@code graceSeconds}, removes the file. */
    @Override
    public void stop(int graceSeconds) {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.println("WARN cinder-bridge: closing " + path + ": " + e.getMessage());
        }
        workers.shutdown();
        try {
            workers.awaitTermination(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        deadlines.shutdownNow();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.println("WARN cinder-bridge: accept on " + path + ": " + e.getMessage());
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(ch); // over the connection limit
                continue;
            }
            try {
                // the deadline runs from accept, so waiting for a worker counts too
                ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(ch),
                        requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    workers.execute(() -> serve(ch, deadline));
                } catch (RejectedExecutionException e) {
                    deadline.cancel(false);
                    throw e;
                }
            } catch (RejectedExecutionException e) { // stopping
                closeQuietly(ch);
                slots.release();
            }
        }
    }

    private void serve(SocketChannel ch, ScheduledFuture<?> deadline) {
        try (ch) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
            RequestHead head;
            byte[] body;
            try {
                head = RequestHead.read(in, MAX_HEAD);
                if (head == null) {
                    return;
                }
                if (head.contentLength() > ApiHandler.MAX_BODY) {
                    throw new ApiException(Code.TOO_LARGE, "request body larger than " + ApiHandler.MAX_BODY
                            + " bytes");
                }
                if (head.contentLength() > 0 && "100-continue".equalsIgnoreCase(
                        head.headers().getFirst("Expect"))) {
                    // curl asks first for bodies over 1 KiB (and waits a second otherwise)
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                body = in.readNBytes((int) head.contentLength());
                if (body.length != head.contentLength()) {
                    return; // the client went away inside the body
                }
            } catch (ApiException e) {
                refuse(out, e);
                return;
            }
            if (!deadline.cancel(false)) {
                return; // the deadline fired while the last bytes arrived: the channel is closed
            }
            // A response is a small JSON document: it fits the socket's send buffer, so writing
            // it does not wait for a client that stops reading.
            UnixExchange ex = new UnixExchange(head, new ByteArrayInputStream(body), out);
            handler.handle(ex);
        } catch (IOException e) {
            // closed by the deadline, or the client went away: nothing to answer
        } finally {
            deadline.cancel(false);
            slots.release();
        }
    }

    private void refuse(OutputStream out, ApiException e) throws IOException {
        log.println("INFO cinder-bridge: unix " + e.code().status() + " " + e.code() + ": " + e.getMessage());
        byte[] json = ApiHandler.JSON.writeValueAsBytes(
                Map.of("error", Map.of("code", e.code().name(), "message", e.getMessage())));
        UnixExchange ex = new UnixExchange(null, InputStream.nullInputStream(), out);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(e.code().status(), json.length);
        try (OutputStream body = ex.getResponseBody()) {
            body.write(json);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
