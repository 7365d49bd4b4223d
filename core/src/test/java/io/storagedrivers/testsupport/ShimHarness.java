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
    /** Runs after every shim (e.g. a sweep of the LVs active on the hosts); may fail the test. */
    public java.util.function.Consumer<Result> afterEach = r -> { };
    /**
     * {@code cold}: every shim runs its own JVM (STORAGE_DRIVERS_WARM=0); {@code warm}: the shims
     * go through the driver's warm service, which {@link #startWarmService} starts. Default: the
     * system property {@value #MODE_PROPERTY}, else cold.
     */
    public final String mode;
    public static final String MODE_PROPERTY = "storage.drivers.shims";
    /** Every run so far: argv, exit code, stdout, stderr, with {@link #work} written as {@code <work>}. */
    public final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
    private final String driver;
    private final String module;
    private Process warmService;

    /**
     * @param driver the OpenNebula driver name (remotes/tm/&lt;driver&gt;), e.g. shared_lvm
     * @param module the Maven module whose target/ holds the driver's jar
     */
    public ShimHarness(Path work, String driver, String module) throws IOException {
        this(work, driver, module, System.getProperty(MODE_PROPERTY, "cold"));
    }

    public ShimHarness(Path work, String driver, String module, String mode) throws IOException {
        if (!mode.equals("cold") && !mode.equals("warm")) {
            throw new IllegalArgumentException("shim mode must be cold or warm, got " + mode);
        }
        this.work = work;
        this.mode = mode;
        this.module = module;
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
        // the stand-ins answer, never an oned whose credentials this machine's user may have
        env.put("STORAGE_DRIVERS_ONE_API", "0");
        env.put("PATH", stubDir + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("STORAGE_DRIVERS_JAR_DIR", repo.resolve(module + "/target").toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", work.resolve("locks").toString());
        env.put("STORAGE_DRIVERS_RUN_DIR", work.resolve("run").toString());
        env.put("STORAGE_DRIVERS_WARM", mode.equals("warm") ? "1" : "0");
        env.put("STORAGE_DRIVERS_WARM_IDLE", "300");
    }

    /**
     * In warm mode, starts the driver's warm service with the environment the shims pass (as the
     * first shim would, but waiting until it serves) and returns true; cold mode: false. Call it
     * after the test has set {@link #env}. The service is stopped when the test JVM exits.
     */
    public synchronized boolean startWarmService() throws Exception {
        if (!mode.equals("warm") || warmService != null) {
            return warmService != null;
        }
        Path run = Files.createDirectories(work.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Path socket = run.resolve(module + ".sock");
        ProcessBuilder pb = new ProcessBuilder("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                Path.of(env.get("STORAGE_DRIVERS_JAR_DIR"), module + ".jar").toString(), "warm-serve",
                "--socket", socket.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        // what the shim exports before it runs java (remotes/lib/storage-drivers.sh)
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("STORAGE_DRIVERS_REMOTES", repo.resolve("remotes").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve(module + ".log").toFile()));
        pb.redirectErrorStream(true);
        warmService = pb.start();
        Process p = warmService;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        Path pid = run.resolve(module + ".sock.pid"); // written once the socket is bound
        for (int i = 0; i < 600 && !(Files.exists(socket) && Files.exists(pid)); i++) {
            if (!p.isAlive()) {
                fail("the warm service exited: " + Files.readString(run.resolve(module + ".log")));
            }
            Thread.sleep(100);
        }
        assertTrue(Files.exists(socket), "the warm service did not open " + socket);
        return true;
    }

    /** The actions the warm service ran so far (its log's "exit" lines). */
    public List<String> warmActions() throws IOException {
        Path log = work.resolve("run").resolve(module + ".log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.matches(".* exit -?[0-9]+ in [0-9]+ ms")).toList()
                : List.of();
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
        String w = work.toString();
        transcript.add((String.join(" ", argv) + "\n-> exit " + r.exit() + "\n-- stdout\n" + r.stdout() + "-- stderr\n"
                + r.stderr()).replace(w, "<work>").replace(repo.toString(), "<repo>"));
        Files.delete(out);
        Files.delete(err);
        afterEach.accept(r);
        return r;
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
