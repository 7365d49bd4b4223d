package io.storagedrivers.cinderbridge.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;

import io.storagedrivers.validate.Printable;

/**
 * A small HTTP/1.1 server that a slow or hostile client cannot stall, for any stream transport
 * (TCP, TLS, Unix socket): one thread per connection, so a client that sends half a request head
 * holds only its own thread, never one another client needs; the head must arrive within
 * {@code headTimeout} of the accept and the body within {@code bodyTimeout} after it (then the
 * connection is cut); at most {@code maxConnections} connections are open, at most
 * {@code maxPerClient} from one client (address or Unix user), and the ones over a limit get a
 * 503 at once. One request per connection ({@code Connection: close}): a keep-alive connection
 * the server closes while the client sends on it would lose a POST.
 * What a request does once read is the handler's business (the bridge bounds work per backend).
 */
public final class RequestServer implements Closeable {

    /** Deadlines and limits of one listener. */
    public record Limits(Duration headTimeout, Duration bodyTimeout, int maxConnections, int maxPerClient,
            int maxHead, int maxBody) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 256, 128,
                16 * 1024, 1024 * 1024);
    }

    /** One accepted connection of a transport. */
    public interface Connection extends Closeable {
        InputStream in() throws IOException;

        OutputStream out() throws IOException;

        /** Who is connected, for the per-client limit: an address, a Unix user. */
        String client();

        /** Reads must end before {@code nanoTime} ({@link System#nanoTime()}); 0 = no deadline. */
        void deadline(long nanoTime);

        /** False once the connection was cut (at its deadline). */
        boolean open();

        /** Over a limit: answer {@code response} if that cannot block, then close. */
        void refuse(byte[] response);

        @Override
        void close();
    }

    /** A bound listening socket of some transport. */
    public interface Acceptor extends Closeable {
        /** The next connection; {@link java.nio.channels.ClosedChannelException} (or null) once closed. */
        Connection accept() throws IOException;

        boolean isOpen();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long LINGER_BYTES = 4L * 1024 * 1024;

    private final String name;
    private final Acceptor acceptor;
    private final HttpHandler handler;
    private final Limits limits;
    private final PrintStream log;
    private final Semaphore slots;
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor threads;
    private final Thread acceptLoop;

    public RequestServer(String name, Acceptor acceptor, HttpHandler handler, Limits limits, PrintStream log) {
        this.name = name;
        this.acceptor = acceptor;
        this.handler = handler;
        this.limits = limits;
        this.log = log;
        this.slots = new Semaphore(limits.maxConnections());
        this.threads = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, name + "-conn"));
        this.acceptLoop = daemon(this::acceptLoop, name + "-accept");
    }

    public void start() {
        acceptLoop.start();
    }

    /** Stops accepting, lets running requests finish for up to {@code graceSeconds}. */
    public void stop(int graceSeconds) {
        try {
            acceptor.close();
        } catch (IOException e) {
            log.println("WARN " + name + ": closing the listener: " + e.getMessage());
        }
        threads.shutdown();
        try {
            threads.awaitTermination(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }

    @Override
    public void close() {
        stop(0);
    }

    private void acceptLoop() {
        while (acceptor.isOpen()) {
            Connection c;
            try {
                c = acceptor.accept();
            } catch (IOException e) {
                if (!acceptor.isOpen()) {
                    return;
                }
                log.println("WARN " + name + ": accept: " + Printable.line(e.getMessage()));
                continue;
            }
            if (c == null) {
                return;
            }
            String client = c.client();
            if (!slots.tryAcquire()) {
                refuse(c, "too many connections to the bridge (" + limits.maxConnections() + ")");
                continue;
            }
            if (perClient.merge(client, 1, Integer::sum) > limits.maxPerClient()) {
                release(client);
                refuse(c, "too many connections from " + client + " (" + limits.maxPerClient() + ")");
                continue;
            }
            try {
                threads.execute(() -> serve(c));
            } catch (RejectedExecutionException e) { // stopping
                release(client);
                c.close();
            }
        }
    }

    private void release(String client) {
        slots.release();
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Connections accepted and not yet closed (tests wait on it instead of sleeping). */
    int connections() {
        return limits.maxConnections() - slots.availablePermits();
    }

    private void refuse(Connection c, String why) {
        log.println("WARN " + name + ": refused a connection: " + why);
        c.refuse(response(new HttpRefusal(503, "BUSY", why)));
    }

    private void serve(Connection c) {
        try (c) {
            c.deadline(System.nanoTime() + limits.headTimeout().toNanos());
            InputStream in = new BufferedInputStream(c.in());
            OutputStream out = new BufferedOutputStream(c.out());
            RequestHead head;
            byte[] body;
            try {
                head = RequestHead.read(in, limits.maxHead());
                if (head == null) {
                    return;
                }
                if (head.contentLength() > limits.maxBody()) {
                    throw HttpRefusal.tooLarge("request body larger than " + limits.maxBody() + " bytes");
                }
                c.deadline(System.nanoTime() + limits.bodyTimeout().toNanos());
                if (head.contentLength() > 0 && "100-continue".equalsIgnoreCase(head.headers().getFirst("Expect"))) {
                    // curl asks first for bodies over 1 KiB (and waits a second otherwise)
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                body = in.readNBytes((int) head.contentLength());
                if (body.length != head.contentLength()) {
                    return; // the client went away inside the body
                }
            } catch (HttpRefusal e) {
                log.println("INFO " + name + ": " + e.status() + " " + e.code() + ": " + Printable.line(e.getMessage()));
                out.write(response(e));
                out.flush();
                linger(c, in);
                return;
            }
            c.deadline(0);
            if (!c.open()) {
                return; // cut at the deadline while the last bytes arrived
            }
            // A response is a small JSON document: it fits the socket's send buffer, so writing
            // it does not wait for a client that stops reading.
            handler.handle(new SocketExchange(head, new ByteArrayInputStream(body), out));
        } catch (IOException e) {
            // cut at a deadline, or the client went away: nothing to answer
        } finally {
            release(c.client());
        }
    }

    /**
     * Reads and drops what the client still sends after a refusal, briefly (a "lingering close", as
     * web servers do). Closing a socket with unread bytes makes the kernel reset it, and a client
     * that is still sending its body then sees "connection reset" instead of the 413 it was sent.
     */
    private static void linger(Connection c, InputStream in) {
        c.deadline(System.nanoTime() + LINGER.toNanos());
        byte[] sink = new byte[64 * 1024];
        long left = LINGER_BYTES;
        try {
            for (int n; left > 0 && (n = in.read(sink)) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // cut at the deadline or reset by the client: the answer was sent either way
        }
    }

    /** A whole {@code Connection: close} response carrying {@code {"error": {code, message}}}. */
    static byte[] response(HttpRefusal e) {
        try {
            byte[] json = JSON.writeValueAsBytes(Map.of("error", Map.of("code", e.code(), "message", e.getMessage())));
            String head = "HTTP/1.1 " + e.status() + " " + SocketExchange.reason(e.status()) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[h.length + json.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(json, 0, all, h.length, json.length);
            return all;
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
