package io.storagedrivers.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The stand-in oned XML-RPC API ({@code one-stubs/oned-xmlrpc}, Python's xmlrpc.server): serves
 * {@code one.vm.info} and {@code one.datastore.info} from the stand-ins' directory (vm-ID.xml,
 * ds-ID.xml), to callers sending the session of its session file; logs each call to calls.log.
 */
public final class OnedXmlRpc implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final Path stubDir;
    private final int port;

    /**
     * Starts it on a free port of 127.0.0.1. {@code wrap} turns its argv into the one started
     * (e.g. {@link OneFrontend#asUser}, whose environment names the stand-ins' directory);
     * {@code script} is a copy of the stand-in its user can read.
     */
    public OnedXmlRpc(Path script, Path stubDir, Path sessionFile, UnaryOperator<List<String>> wrap)
            throws IOException, InterruptedException {
        this.stubDir = stubDir;
        Files.deleteIfExists(stubDir.resolve("oned.port"));
        List<String> argv = new ArrayList<>(List.of("python3", script.toString(), "--auth", sessionFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(wrap.apply(argv)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stubDir.resolve("oned-xmlrpc.log").toFile()));
        pb.environment().put("ONE_STUB_DIR", stubDir.toString());
        process = pb.start();
        Instant deadline = Instant.now().plus(START);
        Path portFile = stubDir.resolve("oned.port");
        while (!Files.exists(portFile)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IOException("the stand-in oned did not start: "
                        + Files.readString(stubDir.resolve("oned-xmlrpc.log")));
            }
            Thread.sleep(50);
        }
        port = Integer.parseInt(Files.readString(portFile).strip());
    }

    /** The stand-in script written to {@code dir} (mode 0755). */
    public static Path script(Path dir) throws IOException {
        Path p = dir.resolve("oned-xmlrpc");
        try (InputStream in = OnedXmlRpc.class.getResourceAsStream("/one-stubs/oned-xmlrpc")) {
            Files.write(p, in.readAllBytes());
        }
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/RPC2";
    }

    /** The lines of calls.log (its own and the CLI stand-ins'). */
    public List<String> calls() throws IOException {
        Path log = stubDir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Stops it: the Python process and whatever wraps it (runuser may not pass the signal on). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
