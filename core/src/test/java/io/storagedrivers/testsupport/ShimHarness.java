package io.storagedrivers.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a driver's remotes/ shims as oned does (argv, base64 stdin, environment, exit code,
 * stdout/stderr) against the driver's built fat jar, for the integration tests of every driver
 * module. onevm/onedatastore are answered by the stand-ins in {@code one-stubs/} (resources of
 * this test-jar; scripts/demo.sh and bench.sh use them too) from the XML files
 * {@link #writeVm}/{@link #writeDatastore} put in {@link #stubDir}.
 */
public class ShimHarness {
    /** The repository root (the directory holding remotes/). */
    public final Path repo;
    /** The test's own directory: stubs, locks and whatever the test puts there. */
    public final Path work;
    /** Where the onevm/onedatastore stand-ins and their XML files live. */
    public final Path stubDir;
    /** The environment every shim runs with; tests add their own variables. */
    public final Map<String, String> env = new HashMap<>(System.getenv());
    private final String driver;

    /**
     * @param driver the OpenNebula driver name (remotes/tm/&lt;driver&gt;), e.g. shared_lvm
     * @param module the Maven module whose target/ holds the driver's jar
     */
    public ShimHarness(Path work, String driver, String module) throws IOException {
        this.work = work;
        this.driver = driver;
        this.repo = findRepo("remotes/tm/" + driver);
        this.stubDir = Files.createDirectories(work.resolve("one-stubs"));
        for (String tool : List.of("onevm", "onedatastore")) {
            try (InputStream in = ShimHarness.class.getResourceAsStream("/one-stubs/" + tool)) {
                Path p = stubDir.resolve(tool);
                Files.write(p, in.readAllBytes());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        env.put("ONE_STUB_DIR", stubDir.toString());
        env.put("PATH", stubDir + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("STORAGE_DRIVERS_JAR_DIR", repo.resolve(module + "/target").toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", work.resolve("locks").toString());
    }

    private static Path findRepo(String marker) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve(marker))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (" + marker + ")");
        }
        return p;
    }

    /** What {@code onevm show -x id} prints from now on. */
    public void writeVm(int id, String xml) throws IOException {
        Files.writeString(stubDir.resolve("vm-" + id + ".xml"), xml);
    }

    /** What {@code onedatastore show -x id} prints from now on. */
    public void writeDatastore(int id, String xml) throws IOException {
        Files.writeString(stubDir.resolve("ds-" + id + ".xml"), xml);
    }

    /** The onevm/onedatastore calls so far. */
    public List<String> oneCalls() throws IOException {
        Path log = stubDir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** One shim run. */
    public record Result(List<String> argv, int exit, String stdout, String stderr) {
        /** The failure text oned would build: stderr lines that are not log lines. */
        public List<String> errorLines() {
            List<String> out = new ArrayList<>();
            for (String l : stderr.split("\n")) {
                if (!l.isBlank() && !l.matches("^(ERROR|INFO|WARN|DEBUG):\\s.*")) {
                    out.add(l);
                }
            }
            return out;
        }

        public Result ok() {
            if (exit != 0) {
                fail(String.join(" ", argv) + " failed (exit " + exit + "): " + stderr);
            }
            return this;
        }

        /**
         * Failed with exit 1, nothing on stdout and exactly one unprefixed stderr line (what oned
         * shows), not starting with '-' and no stack trace; returns that line.
         */
        public String failedWithOneLine() {
            assertEquals(1, exit, () -> argv + " should fail with exit 1: " + stderr);
            assertEquals("", stdout, () -> argv + " wrote to stdout");
            List<String> lines = errorLines();
            assertEquals(1, lines.size(), () -> argv + " should print one error line: " + stderr);
            assertTrue(!lines.get(0).startsWith("-"), lines.get(0));
            assertTrue(!stderr.contains("\tat "), () -> "stack trace on stderr: " + stderr);
            return lines.get(0);
        }
    }

    /** The datastore action {@code action} with the DS_DRIVER_ACTION_DATA document (base64 on stdin). */
    public Result ds(String action, String id, String documentXml) throws Exception {
        return run(repo.resolve("remotes/datastore/" + driver + "/" + action), List.of(id), base64(documentXml));
    }

    /** The transfer-manager action {@code action} with {@code args} and {@code stdin} as oned passes them. */
    public Result tm(String action, String stdin, String... args) throws Exception {
        return run(repo.resolve("remotes/tm/" + driver + "/" + action), List.of(args), stdin);
    }

    /** Any executable (a shim by path) with {@link #env}; stdin as given, without a trailing newline. */
    public Result run(Path shim, List<String> args, String stdin) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(shim.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(stubDir, "out", ".txt");
        Path err = Files.createTempFile(stubDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII)); // oned: no trailing newline
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(argv + " did not finish");
        }
        Result r = new Result(argv, p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
