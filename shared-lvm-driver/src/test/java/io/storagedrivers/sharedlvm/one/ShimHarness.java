package io.storagedrivers.sharedlvm.one;

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
 * Runs the remotes/ shims as oned does (argv, stdin, environment, cwd) against the built
 * shared-lvm-driver.jar, with onevm/onedatastore answered by the stubs in one-stubs/ from XML
 * files this harness writes.
 */
final class ShimHarness {
    final Path repo;
    final Path stubDir;
    final Map<String, String> env = new HashMap<>(System.getenv());

    ShimHarness(Path work) throws IOException {
        this.repo = findRepo();
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
        env.put("STORAGE_DRIVERS_JAR_DIR", repo.resolve("shared-lvm-driver/target").toString());
        env.put("STORAGE_DRIVERS_LOCK_DIR", work.resolve("locks").toString());
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("remotes/tm/shared_lvm"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (remotes/tm/shared_lvm)");
        }
        return p;
    }

    void writeVm(int id, String xml) throws IOException {
        Files.writeString(stubDir.resolve("vm-" + id + ".xml"), xml);
    }

    void writeDatastore(int id, String xml) throws IOException {
        Files.writeString(stubDir.resolve("ds-" + id + ".xml"), xml);
    }

    /** The onevm/onedatastore calls so far. */
    List<String> oneCalls() throws IOException {
        Path log = stubDir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    record Result(List<String> argv, int exit, String stdout, String stderr) {
        /** The failure text oned would build: stderr lines that are not log lines. */
        List<String> errorLines() {
            List<String> out = new ArrayList<>();
            for (String l : stderr.split("\n")) {
                if (!l.isBlank() && !l.matches("^(ERROR|INFO|WARN|DEBUG):\\s.*")) {
                    out.add(l);
                }
            }
            return out;
        }

        Result ok() {
            if (exit != 0) {
                fail(String.join(" ", argv) + " failed (exit " + exit + "): " + stderr);
            }
            return this;
        }

        /** Failed with exactly one unprefixed stderr line, not starting with '-', and nothing on stdout. */
        String failedWithOneLine() {
            assertEquals(1, exit, () -> argv + " should fail with exit 1: " + stderr);
            assertEquals("", stdout, () -> argv + " wrote to stdout");
            List<String> lines = errorLines();
            assertEquals(1, lines.size(), () -> argv + " should print one error line: " + stderr);
            assertTrue(!lines.get(0).startsWith("-"), lines.get(0));
            assertTrue(!stderr.contains("\tat "), () -> "stack trace on stderr: " + stderr);
            return lines.get(0);
        }
    }

    Result ds(String action, String id, String documentXml) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(documentXml.getBytes(StandardCharsets.UTF_8));
        return run(repo.resolve("remotes/datastore/shared_lvm/" + action), List.of(id), b64);
    }

    Result tm(String action, String stdin, String... args) throws Exception {
        return run(repo.resolve("remotes/tm/shared_lvm/" + action), List.of(args), stdin);
    }

    Result run(Path shim, List<String> args, String stdin) throws Exception {
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

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
