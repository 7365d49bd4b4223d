package io.storagedrivers.one.warm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.one.OneCommand;

/**
 * The warm driver service: one JVM that stays up and runs the shims' actions, over a Unix socket
 * only its user can open, with one long-lived set of runners (one SSH session per host, kept
 * alive, reconnected with the host key checked again). Actions run concurrently (up to
 * {@value #THREADS}, as OpenNebula's runners with {@code -t 15}), each bounded in time; they take
 * the same cross-process VG locks as cold processes. It refuses (HTTP 503, the shim then runs the
 * action cold) whatever it cannot run exactly as a cold JVM would; it leaves when idle, and when
 * the jar it runs from changes (the next shim starts the new one).
 */
public final class WarmServer {
    static final int THREADS = 15;

    private final Path socket;
    private final Map<String, OneCommand> kinds;
    private final Duration idle;
    private final Duration actionTimeout;
    private final PrintStream log;
    private final JarStamp jar = JarStamp.ofRunningJar();
    private final Runners runners = io.storagedrivers.exec.ssh.DefaultRunners.fromEnvironment();
    private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, daemon("warm-action"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("warm-timer"));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private volatile ServerSocketChannel server;

    public WarmServer(Path socket, Map<String, OneCommand> kinds, Duration idle, Duration actionTimeout, PrintStream log) {
        this.socket = socket.toAbsolutePath();
        this.kinds = Map.copyOf(kinds);
        this.idle = idle;
        this.actionTimeout = actionTimeout;
        this.log = log;
    }

    /** Serves until idle or replaced; returns at once (0) when another service holds the lock. */
    public int serve() throws IOException {
        Path dir = socket.getParent();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            log("refusing to serve: " + dir + " is open to other users (" + PosixFilePermissions.toString(perms) + ")");
            return 1;
        }
        try (FileChannel lockFile = FileChannel.open(Path.of(socket + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                return 0; // another service is starting or serving
            }
            Files.deleteIfExists(socket); // a stale socket of a service that died
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(Path.of(socket + ".pid"), ProcessHandle.current().pid() + "\n");
            log("serving on " + socket + " (jar " + jar + ")");
            // killed (TERM, systemctl stop): no socket left behind that nobody answers on
            Thread hook = new Thread(() -> stop("terminated"));
            Runtime.getRuntime().addShutdownHook(hook);
            timer.scheduleWithFixedDelay(this::leaveWhenIdle, 1, 1, TimeUnit.SECONDS);
            acceptLoop();
            workers.shutdown();
            awaitQuietly();
            Files.deleteIfExists(Path.of(socket + ".pid"));
            log("stopped");
            return 0;
        } finally {
            runners.close();
            timer.shutdownNow();
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                inFlight.incrementAndGet();
                lastActivity.set(System.nanoTime());
                workers.execute(() -> handle(client));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log("accept failed: " + e.getMessage());
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** Stops taking requests: the socket goes first, so new shims run cold or start a successor. */
    private void stop(String why) {
        ServerSocketChannel s = server;
        if (s != null && s.isOpen()) {
            log("leaving: " + why);
            try {
                Files.deleteIfExists(socket);
                s.close();
            } catch (IOException e) {
                log("closing the socket: " + e.getMessage());
            }
        }
    }

    private void leaveWhenIdle() {
        if (inFlight.get() == 0 && System.nanoTime() - lastActivity.get() > idle.toNanos()) {
            stop("idle for " + idle.toSeconds() + " s");
        }
        if (jar.changed()) {
            stop("the jar changed: " + jar);
        }
    }

    private void handle(SocketChannel client) {
        // buffered: the request head is read byte by byte (one system call each without the buffer)
        try (client; InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(client));
             OutputStream out = Channels.newOutputStream(client)) {
            WarmRequest request;
            try {
                request = WarmRequest.read(in);
            } catch (IOException | RuntimeException e) {
                respond(out, 400, ("bad request: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            String refusal = refusal(request);
            if (!refusal.isEmpty()) {
                log("cold: " + String.join(" ", request.args().subList(0, 2)) + ": " + refusal);
                respond(out, 503, refusal.getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(out, 200, run(request));
        } catch (IOException e) {
            log("client went away: " + e.getMessage());
        } finally {
            lastActivity.set(System.nanoTime());
            inFlight.decrementAndGet();
        }
    }

    /** Why this service must not run the request ("" when it may). */
    private String refusal(WarmRequest r) {
        if (jar.changed()) {
            stop("the jar changed: " + jar);
            return "the installed jar changed";
        }
        if (!kinds.containsKey(r.args().get(0)) || !kinds.get(r.args().get(0)).actions().containsKey(r.args().get(1))) {
            return "not an action this service runs";
        }
        try {
            String diff = WarmEnvironment.difference(WarmEnvironment.of(r), System.getenv());
            return diff.isEmpty() ? "" : "environment differs from the service's: " + diff;
        } catch (IOException e) {
            return "cannot read the environment of pid " + r.pid() + ": " + e.getMessage();
        }
    }

    private byte[] run(WarmRequest r) throws IOException {
        long t0 = System.nanoTime();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread me = Thread.currentThread();
        // the action's bound: its commands see the interrupt and fail (the action reports it)
        ScheduledFuture<?> bound = timer.schedule(me::interrupt, actionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        int exit;
        try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            exit = kinds.get(r.args().get(0)).run(r.args().get(1), r.args().subList(2, r.args().size()), out, err,
                    new java.io.ByteArrayInputStream(r.stdin()), WarmEnvironment.of(r), () -> new Shared(runners));
        } finally {
            bound.cancel(false);
            Thread.interrupted(); // an interrupt that came after the action is not the next one's
        }
        log(String.join(" ", r.args().subList(0, 2)) + " exit " + exit + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        return WarmReply.script(stdout.toByteArray(), stderr.toByteArray(), exit);
    }

    private static void respond(OutputStream out, int status, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 503 ? " Service Unavailable" : " Bad Request")
                + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private void awaitQuietly() {
        try {
            workers.awaitTermination(actionTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void log(String line) {
        log.println(Instant.now() + " " + line);
        log.flush();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The service's runners as an action sees them: closing them keeps the SSH sessions open. */
    private record Shared(Runners runners) implements Runners {
        @Override
        public io.storagedrivers.exec.CommandRunner local() {
            return runners.local();
        }

        @Override
        public io.storagedrivers.exec.CommandRunner host(String host) {
            return runners.host(host);
        }

        @Override
        public java.util.List<String> knownHosts() {
            return runners.knownHosts();
        }

        @Override
        public void connectAhead(String host) {
            runners.connectAhead(host);
        }

        @Override
        public void close() {
            // the service's: closed when it stops
        }
    }
}
