package io.storagedrivers.cinderbridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The TCP listener (HTTP, or HTTPS with a PKCS#12 keystore): a {@link RequestServer} on a server
 * socket. Plain HTTP is only allowed on a loopback address; anywhere else TLS is required.
 * Deadlines are socket read timeouts set to what is left before the deadline at every read, so
 * a client trickling a byte now and then is cut as surely as a silent one.
 */
public final class BridgeServer implements AutoCloseable, BridgeListener {

    /** Keystore for TLS: PKCS#12 file and the file holding its password. */
    public record Tls(Path keystore, Path passwordFile) {
    }

    private final ServerSocket socket;
    private final RequestServer server;
    private final boolean tls;

    private BridgeServer(ServerSocket socket, RequestServer server, boolean tls) {
        this.socket = socket;
        this.server = server;
        this.tls = tls;
    }

    /** Binds (not yet serving). {@code tls} null means plain HTTP, refused off loopback. */
    public static BridgeServer bind(InetSocketAddress address, Tls tls, RequestServer.Limits limits,
            com.sun.net.httpserver.HttpHandler handler, PrintStream log) throws IOException {
        if (tls == null && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalStateException("listening on " + address.getAddress().getHostAddress()
                    + " needs TLS (set tls_keystore and tls_keystore_password_file)");
        }
        ServerSocket ss = tls == null ? new ServerSocket() : sslContext(tls).getServerSocketFactory().createServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(address, 128);
        } catch (IOException | RuntimeException e) {
            ss.close();
            throw e;
        }
        RequestServer server = new RequestServer("cinder-bridge", new TcpAcceptor(ss), handler, limits, log);
        return new BridgeServer(ss, server, tls != null);
    }

    @Override
    public void start() {
        server.start();
    }

    /** Connections accepted and not yet closed. */
    int connections() {
        return server.connections();
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (tls ? "https" : "http") + "://" + host + ":" + a.getPort();
    }

    @Override
    public void stop(int graceSeconds) {
        server.stop(graceSeconds);
    }

    @Override
    public void close() {
        stop(0);
    }

    private record TcpAcceptor(ServerSocket socket) implements RequestServer.Acceptor {
        @Override
        public RequestServer.Connection accept() throws IOException {
            Socket s = socket.accept();
            s.setTcpNoDelay(true); // the head and the body of an answer go in separate writes
            return new TcpConnection(s);
        }

        @Override
        public boolean isOpen() {
            return !socket.isClosed();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A socket whose reads fail once the deadline has passed. */
    private static final class TcpConnection implements RequestServer.Connection {
        private final Socket socket;
        private volatile long deadline;

        TcpConnection(Socket socket) {
            this.socket = socket;
        }

        @Override
        public InputStream in() throws IOException {
            InputStream in = socket.getInputStream();
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    arm();
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    arm();
                    return in.read(b, off, len);
                }
            };
        }

        private void arm() throws IOException {
            long d = deadline;
            if (d == 0) {
                socket.setSoTimeout(0);
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(d - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("request not read within its deadline");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public OutputStream out() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public String client() {
            return socket.getInetAddress().getHostAddress();
        }

        @Override
        public void deadline(long nanoTime) {
            deadline = nanoTime;
        }

        @Override
        public boolean open() {
            return !socket.isClosed();
        }

        @Override
        public void refuse(byte[] response) {
            if (!(socket instanceof SSLSocket)) { // a TLS answer needs a handshake: just close
                try {
                    socket.getOutputStream().write(response); // small: fits the fresh send buffer
                } catch (IOException e) {
                    // closing anyway
                }
            }
            close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (SocketException e) {
                // already closed
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static SSLContext sslContext(Tls tls) throws IOException {
        char[] password = SecretFile.read(tls.passwordFile(), "keystore password file").toCharArray();
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }
}
