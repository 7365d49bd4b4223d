package io.storagedrivers.one.warm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shims' perl client (remotes/lib/storage-drivers.sh, {@code _SD_PERL_CLIENT}) against a
 * stand-in service: what it sends is what {@link WarmRequest} parses, it prints a reply only
 * when it is a complete HTTP 200, and its exit codes are the ones the shim tells apart (7: start
 * the service; anything else: run cold).
 */
class WarmClientTest {
    private static final Path LIB = findLib();

    private record Client(int exit, byte[] stdout) {
    }

    /**
     * Runs the client as the shim does; {@code serve} answers the one request it accepts (null
     * reply: none, until the client hangs up); a null {@code serve}: nobody listens.
     */
    private static Client run(Path dir, Path socket, byte[] stdin, Function<WarmRequest, byte[]> serve,
            List<String> env, String... args) throws Exception {
        CompletableFuture<Void> server = new CompletableFuture<>();
        ServerSocketChannel listening = null;
        if (serve != null) {
            listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listening.bind(UnixDomainSocketAddress.of(socket));
            ServerSocketChannel s = listening;
            server = CompletableFuture.runAsync(() -> answer(s, serve));
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c",
                ". \"$1\"; shift; exec perl -C0 -e \"$_SD_PERL_CLIENT\" -- \"$@\"", "sh", LIB.toString(),
                dir.toString(), socket.toString(), "4242", stdin == null ? "0" : "1"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("STORAGE_DRIVERS_REMOTES", "/r e/motes");
        for (String kv : env) {
            pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the client did not finish");
        if (listening != null) {
            listening.close();
            server.get(60, TimeUnit.SECONDS);
        }
        return new Client(p.exitValue(), out);
    }

    private static void answer(ServerSocketChannel s, Function<WarmRequest, byte[]> serve) {
        try (SocketChannel c = s.accept(); InputStream in = Channels.newInputStream(c);
                OutputStream out = Channels.newOutputStream(c)) {
            byte[] reply = serve.apply(WarmRequest.read(in));
            if (reply == null) { // no answer: wait until the client hangs up
                while (in.read() >= 0) {
                    // nothing more is sent
                }
                return;
            }
            out.write(reply);
        } catch (IOException e) {
            // the client went away (the tests that make it do check its exit code)
        }
    }

    private static byte[] http(String status, String body, int contentLength) {
        return ("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + contentLength
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void sendsWhatTheServiceParsesAndPrintsTheReplyAsItCame(@TempDir Path dir) throws Exception {
        // stdin with a NUL, CRLF, no final newline and the client's own boundary in it
        byte[] stdin = "PD94bWw+\r\n--storage-drivers-warm-\r\n\u0000é\n\n".getBytes(StandardCharsets.UTF_8);
        List<WarmRequest> seen = new ArrayList<>();
        String reply = "# storage-drivers warm reply\nprintf %s 'ok\n'\nexit 0";
        Client c = run(dir, dir.resolve("d.sock"), stdin, r -> {
            seen.add(r);
            return http("200 OK", reply, reply.length());
        }, List.of(), "ds", "mkfs", "a b 'c' $(x)", "", "line\nbreak", "-v");
        assertEquals(0, c.exit());
        assertEquals(reply, new String(c.stdout(), StandardCharsets.ISO_8859_1));
        WarmRequest r = seen.get(0);
        assertEquals(4242, r.pid());
        assertEquals("/r e/motes", r.remotes());
        assertEquals(List.of("ds", "mkfs", "a b 'c' $(x)", "", "line\nbreak", "-v"), r.args());
        assertArrayEquals(stdin, r.stdin());
    }

    @Test
    void anActionWithoutStdinSendsAnEmptyOne(@TempDir Path dir) throws Exception {
        List<WarmRequest> seen = new ArrayList<>();
        Client c = run(dir, dir.resolve("d.sock"), null, r -> {
            seen.add(r);
            return http("200 OK", "exit 3", 6);
        }, List.of(), "tm", "resize", "h:/d/0/1/disk.0", "20");
        assertEquals(0, c.exit());
        assertEquals(0, seen.get(0).stdin().length);
        assertEquals(List.of("tm", "resize", "h:/d/0/1/disk.0", "20"), seen.get(0).args());
    }

    @Test
    void aRefusalOrACutReplyIsNeverPrinted(@TempDir Path dir) throws Exception {
        Client refused = run(dir, dir.resolve("a.sock"), null, r -> http("503 Service Unavailable", "no", 2),
                List.of(), "tm", "delete");
        assertEquals(22, refused.exit());
        assertEquals(0, refused.stdout().length);
        Client cut = run(dir, dir.resolve("b.sock"), null, r -> http("200 OK", "printf %s 'o", 40),
                List.of(), "tm", "delete");
        assertEquals(18, cut.exit());
        assertEquals(0, cut.stdout().length);
    }

    @Test
    void nobodyListeningIsSevenSoTheShimStartsTheService(@TempDir Path dir) throws Exception {
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertTrue(Files.exists(stale), "a dead service's socket file");
        assertEquals(7, run(dir, stale, null, null, List.of(), "tm", "delete").exit());
        assertEquals(7, run(dir, dir.resolve("none.sock"), null, null, List.of(), "tm", "delete").exit());
    }

    @Test
    void aDirectoryOthersCanWriteToIsNotTrusted(@TempDir Path dir) throws Exception {
        // nobody listens there either: 1 (not trusted), not 7 (start a service), so it was checked first
        for (String mode : List.of("rwxrwx---", "rwx---rwx")) {
            Path open = Files.createDirectory(dir.resolve(mode));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString(mode));
            assertEquals(1, run(open, open.resolve("d.sock"), null, null, List.of(), "tm", "delete").exit(), mode);
        }
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("real")));
        assertEquals(1, run(link, link.resolve("d.sock"), null, null, List.of(), "tm", "delete").exit(), "a symlink");
    }

    @Test
    void aServiceThatNeverAnswersIsLeftAfterTheMaxTime(@TempDir Path dir) throws Exception {
        Client c = run(dir, dir.resolve("d.sock"), null, r -> null,
                List.of("STORAGE_DRIVERS_WARM_MAX_TIME=0.5"), "tm", "delete");
        assertTrue(c.exit() != 0 && c.exit() != 7, "exit " + c.exit());
        assertEquals(0, c.stdout().length);
    }

    private static Path findLib() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path lib = p.resolve("remotes/lib/storage-drivers.sh");
            if (Files.isRegularFile(lib)) {
                return lib;
            }
        }
        throw new IllegalStateException("remotes/lib/storage-drivers.sh not found above the working directory");
    }
}
