package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeNaming;

/**
 * Every {@code storage} verb through the shipped launcher ({@code scripts/storage}) against one
 * backend URI: the same script for the simulator, the test bed's VG and the simulated LINSTOR
 * controller (used by the {@code StorageCli*IT} of each module). Verbs the backend does not
 * support must fail with exit code 1. Only volumes this scenario made are ever deleted.
 */
public final class StorageCliScenario {

    /** An OpenNebula-like VM id no test bed or simulator uses. */
    private static final String ORPHAN_VM = "990001";

    private final Path launcher;
    private final Map<String, String> env;
    private final Path work;
    private final List<String> poolArgs;
    private final String prefix;
    private boolean dataPath = true;

    /**
     * @param jarDir  directory with the module's fat jar ({@code STORAGE_DRIVERS_JAR_DIR})
     * @param uri     backend URI
     * @param pool    pool to work in (null: the backend's only pool)
     * @param prefix  volume name prefix unique to this run (letters, digits, '-')
     * @param work    scratch directory (the fake onevm lives there)
     * @param extraEnv settings for the backend (e.g. SSH config, LVM_SYSTEM_DIR)
     */
    public StorageCliScenario(Path jarDir, String uri, String pool, String prefix, Path work, Map<String, String> extraEnv) {
        this.launcher = findLauncher();
        this.env = new HashMap<>(extraEnv);
        env.put("STORAGE_DRIVERS_JAR_DIR", jarDir.toString());
        env.put("STORAGE_URI", uri);
        this.poolArgs = pool == null ? List.of() : List.of("--pool", pool);
        this.prefix = prefix;
        this.work = work;
    }

    /**
     * The machine cannot move data (no device-mapper, e.g. the bare test bed): a clone must then fail
     * with exit code 4 and leave no target behind.
     */
    public StorageCliScenario withoutDataPath() {
        dataPath = false;
        return this;
    }

    /** Sets an environment variable for the following runs. */
    public StorageCliScenario env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public record Result(int exitCode, String out, String err) {
        public List<Map<String, String>> csv() {
            return CsvParser.parse(out);
        }
    }

    /** Runs the launcher with {@code args} and checks the exit code. */
    public Result run(ExitCode expected, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("storage " + String.join(" ", args) + " did not finish in 300 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(expected.code(), r.exitCode(), () -> "exit code of storage " + String.join(" ", args)
                + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        if (expected != ExitCode.OK) {
            assertEquals(1, r.err().lines().count(), () -> "one stderr line, got: " + r.err());
        }
        return r;
    }

    private Result onPool(ExitCode expected, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(poolArgs);
        return run(expected, all.toArray(String[]::new));
    }

    /**
     * Runs every verb. {@code host} (may be null) is where activate/deactivate are tried.
     */
    public void runAll(String host) throws IOException, InterruptedException {
        String a = prefix + "-a";
        String b = prefix + "-b";
        // the orphan is named by the driver under test (its naming is the one on the class path)
        String orphan = VolumeNaming.installed().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no VolumeNaming on the class path"))
                .volatileVolume(Integer.parseInt(ORPHAN_VM), 0);

        assertEquals(1, run(ExitCode.OK, "systems", "--csv").csv().size());
        assertFalse(run(ExitCode.OK, "pools", "--csv").csv().isEmpty());
        Set<String> caps = new TreeSet<>();
        run(ExitCode.OK, "capabilities", "--csv").csv().stream().filter(r -> "true".equals(r.get("supported")))
                .forEach(r -> caps.add(r.get("capability")));

        long size = Long.parseLong(onPool(ExitCode.OK, "volume-create", "--name", a, "--size", "8M", "--csv")
                .csv().get(0).get("size_bytes"));
        assertTrue(size >= 8L << 20, "size " + size);
        onPool(ExitCode.FAILED, "volume-create", "--name", a, "--size", "8M");
        onPool(ExitCode.USAGE, "volume-create", "--name", "bad name", "--size", "8M");
        assertTrue(names(onPool(ExitCode.OK, "volumes", "--csv")).contains(a));
        assertTrue(onPool(ExitCode.OK, "volumes", "--json").out().contains("\"" + a + "\""));

        if (caps.contains("resize")) {
            assertTrue(Long.parseLong(onPool(ExitCode.OK, "volume-resize", "--name", a, "--size", "16M", "--csv")
                    .csv().get(0).get("size_bytes")) >= 16L << 20);
            onPool(ExitCode.FAILED, "volume-resize", "--name", a, "--size", "4M");
        }
        onPool(ExitCode.NOT_FOUND, "volume-resize", "--name", prefix + "-missing", "--size", "32M");

        boolean canClone = caps.contains("server_side_clone") || caps.contains("host_copy_clone");
        boolean cloned = canClone && (dataPath || caps.contains("server_side_clone"));
        if (cloned) {
            onPool(ExitCode.OK, "volume-clone", "--name", a, "--to", b);
            onPool(ExitCode.FAILED, "volume-clone", "--name", a, "--to", b);
        } else {
            // a host-copy backend with no machine that can copy (shared LVM: no device-mapper on the
            // frontend, no COPY_HOST/BRIDGE_LIST) refuses before it creates anything
            onPool(ExitCode.FAILED, "volume-clone", "--name", a, "--to", b);
            assertFalse(names(onPool(ExitCode.OK, "volumes", "--csv")).contains(b), "no half-made clone left");
        }

        snapshots(caps.contains("snapshots"), a);
        if (host != null) {
            activation(a, host);
        }
        orphans(orphan);

        onPool(ExitCode.USAGE, "volume-delete", "--name", a);
        onPool(ExitCode.OK, "volume-delete", "--name", a, "--force");
        onPool(ExitCode.NOT_FOUND, "volume-delete", "--name", a, "--force");
        if (cloned) {
            onPool(ExitCode.OK, "volume-delete", "--name", b, "--force");
        }
        List<String> left = names(onPool(ExitCode.OK, "volumes", "--csv"));
        assertFalse(left.contains(a) || left.contains(b) || left.contains(orphan), left.toString());
    }

    private void snapshots(boolean supported, String a) throws IOException, InterruptedException {
        if (!supported) {
            onPool(ExitCode.FAILED, "snapshot-create", "--name", a, "--snapshot", "s1");
            return;
        }
        onPool(ExitCode.OK, "snapshot-create", "--name", a, "--snapshot", "s1");
        onPool(ExitCode.FAILED, "snapshot-create", "--name", a, "--snapshot", "s1");
        assertEquals(List.of("s1"), onPool(ExitCode.OK, "snapshot-list", "--name", a, "--csv").csv().stream()
                .map(r -> r.get("snapshot")).toList());
        onPool(ExitCode.USAGE, "snapshot-revert", "--name", a, "--snapshot", "s1");
        onPool(ExitCode.OK, "snapshot-revert", "--name", a, "--snapshot", "s1", "--force");
        onPool(ExitCode.NOT_FOUND, "snapshot-revert", "--name", a, "--snapshot", "s9", "--force");
        onPool(ExitCode.USAGE, "snapshot-delete", "--name", a, "--snapshot", "s1");
        onPool(ExitCode.OK, "snapshot-delete", "--name", a, "--snapshot", "s1", "--force");
        assertTrue(onPool(ExitCode.OK, "snapshot-list", "--name", a, "--csv").csv().isEmpty());
    }

    private void activation(String a, String host) throws IOException, InterruptedException {
        String device = onPool(ExitCode.OK, "activate", "--name", a, "--host", host, "--csv").csv().get(0).get("device");
        assertTrue(device.startsWith("/dev/"), device);
        // shared LVM does not report where an LV is active; the others must
        if (volume(a).get("active_on").contains(host)) {
            assertTrue(run(ExitCode.OK, "hosts", "--csv").csv().stream().anyMatch(r -> r.get("host").equals(host)
                    && r.get("volumes").contains(a)));
        }
        onPool(ExitCode.OK, "deactivate", "--name", a, "--host", host);
        assertFalse(volume(a).get("active_on").contains(host));
    }

    /** The fake onevm lists every VM the pool's volumes belong to, except ours: only ours is an orphan. */
    private void orphans(String orphan) throws IOException, InterruptedException {
        onPool(ExitCode.OK, "volume-create", "--name", orphan, "--size", "4M");
        fakeOnevmWithout(ORPHAN_VM);

        assertEquals(List.of(orphan), names(onPool(ExitCode.OK, "orphans", "--csv")));
        onPool(ExitCode.USAGE, "orphans", "--delete");
        assertEquals("deleted", onPool(ExitCode.OK, "orphans", "--delete", "--force", "--csv").csv().get(0).get("result"));
        assertTrue(names(onPool(ExitCode.OK, "orphans", "--csv")).isEmpty());
    }

    /**
     * Points {@code $ONEVM} at a stand-in that lists every VM the pool's volumes belong to except
     * {@code vmId}: only that VM's disks are orphans (other tests' disks in a shared pool are not).
     */
    public void fakeOnevmWithout(String vmId) throws IOException, InterruptedException {
        StringBuilder xml = new StringBuilder("<VM_POOL>");
        for (Map<String, String> r : onPool(ExitCode.OK, "volumes", "--csv").csv()) {
            if (!r.get("one_vm").isEmpty() && !r.get("one_vm").equals(vmId)) {
                xml.append("<VM><ID>").append(r.get("one_vm")).append("</ID></VM>");
            }
        }
        Files.writeString(work.resolve("vm-pool.xml"), xml.append("</VM_POOL>"));
        Path onevm = work.resolve("onevm");
        Files.writeString(onevm, "#!/bin/sh\nexec cat '" + work.resolve("vm-pool.xml") + "'\n");
        Files.setPosixFilePermissions(onevm, PosixFilePermissions.fromString("rwx------"));
        env.put("ONEVM", onevm.toString());
    }

    private Map<String, String> volume(String name) throws IOException, InterruptedException {
        return onPool(ExitCode.OK, "volumes", "--csv").csv().stream().filter(r -> r.get("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("volume " + name + " not listed"));
    }

    private static List<String> names(Result r) {
        return r.csv().stream().map(m -> m.get("name")).toList();
    }

    /** scripts/storage of this checkout (tests run in a module directory). */
    private static Path findLauncher() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("scripts/storage");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/storage not found above " + Path.of("").toAbsolutePath());
    }
}
