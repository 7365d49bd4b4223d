package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.TestBed;

/**
 * The warm service's ways out, each ending with the right result from the cold JVM: killed in the
 * middle of an action, asked by a shim whose environment differs, its jar replaced, no socket at
 * all (the shim starts one). On the simulator backend: the point is the service, not LVM.
 */
class WarmServiceIT {

    private static World warmWorld() throws Exception {
        World w = World.create(TestBed.require(), "sim", "warm");
        assertTrue(w.h.startWarmService());
        return w;
    }

    private static ShimHarness.Result mkfs(World w, int id) throws Exception {
        return w.h.ds("mkfs", Integer.toString(id), OneXmlBuilder.dsAction(
                OneXmlBuilder.image(id, "", "", 4, "raw", false, Map.of()), w.imageDsXml, ""));
    }

    private static String log(World w) throws Exception {
        return Files.readString(w.work.resolve("run/shared-lvm-driver.log"));
    }

    private static long pid(World w) throws Exception {
        return Long.parseLong(Files.readString(w.work.resolve("run/shared-lvm-driver.sock.pid")).strip());
    }

    @Test
    void anActionWhoseServiceIsKilledMidwayRunsColdWithTheSameResult() throws Exception {
        World w = warmWorld();
        // onedatastore answers after 3 s: long enough to kill the service while it waits
        Path stub = w.h.stubDir.resolve("onedatastore");
        Files.move(stub, w.h.stubDir.resolve("onedatastore.real"));
        Files.writeString(stub, "#!/bin/sh\nsleep 3\nexec \"$(dirname \"$0\")/onedatastore.real\" \"$@\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        w.vm(42, 3, 3, List.of(new Disk(2, -1, "", false, false, 4, -1, "fs")), List.of("host1"));
        CompletableFuture<ShimHarness.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return w.h.tm("mkimage", "", "4", "raw", "host1:" + w.location + "/100/42/disk.2", "42", "100");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long service = pid(w);
        Thread.sleep(1500);
        ProcessHandle.of(service).ifPresent(ProcessHandle::destroyForcibly);
        ShimHarness.Result r = run.get();
        r.ok();
        assertTrue(w.volumes().contains("lv-one-42-2"), w.volumes().toString());
        assertTrue(w.h.warmActions().isEmpty(), "the killed service never answered: " + w.h.warmActions());
        // the next shim finds the dead socket, runs cold and starts a new service
        mkfs(w, 7).ok();
        for (int i = 0; i < 300 && (!Files.exists(w.work.resolve("run/shared-lvm-driver.sock.pid"))
                || pid(w) == service); i++) {
            Thread.sleep(100);
        }
        long successor = pid(w);
        assertTrue(successor != service, "a new service started");
        ProcessHandle.of(successor).ifPresent(ProcessHandle::destroy); // the shim started it: not ours to keep
    }

    @Test
    void aShimWithAnotherEnvironmentRunsCold() throws Exception {
        World w = warmWorld();
        mkfs(w, 5).ok();
        w.h.env.put("LVM_SYSTEM_DIR", w.work.resolve("elsewhere").toString());
        ShimHarness.Result r = mkfs(w, 6).ok();
        assertEquals("vg-sim/img-one-6\n", r.stdout());
        List<String> served = w.h.warmActions();
        assertEquals(1, served.size(), () -> "only the first ran warm: " + served);
        assertTrue(log(w).contains("environment differs from the service's: LVM_SYSTEM_DIR"), this::toString);
    }

    @Test
    void aReplacedJarSendsTheServiceAwayAndTheNextShimStartsTheNewOne() throws Exception {
        World w = World.create(TestBed.require(), "sim", "warm");
        // the service runs the world's copy of the jar, which is then "reinstalled"
        Path jar = Path.of(w.h.env.get("STORAGE_DRIVERS_JAR_DIR"), "shared-lvm-driver.jar");
        Path copy = Files.copy(jar, Files.createDirectories(w.work.resolve("jars")).resolve("shared-lvm-driver.jar"));
        w.h.env.put("STORAGE_DRIVERS_JAR_DIR", copy.getParent().toString());
        assertTrue(w.h.startWarmService());
        long first = pid(w);
        mkfs(w, 5).ok();
        assertEquals(1, w.h.warmActions().size());
        Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals("vg-sim/img-one-6\n", mkfs(w, 6).ok().stdout());
        assertEquals(1, w.h.warmActions().size(), "after the reinstall: cold");
        assertTrue(log(w).contains("leaving: the jar changed"), log(w));
        for (int i = 0; i < 100 && Files.exists(w.work.resolve("run/shared-lvm-driver.sock")); i++) {
            Thread.sleep(100);
        }
        mkfs(w, 7).ok(); // no socket: cold, and the new service starts (unless mkfs 6 started it already)
        for (int i = 0; i < 300 && (!Files.exists(w.work.resolve("run/shared-lvm-driver.sock"))
                || !Files.exists(w.work.resolve("run/shared-lvm-driver.sock.pid")) || pid(w) == first); i++) {
            Thread.sleep(100);
        }
        int before = w.h.warmActions().size();
        assertEquals("vg-sim/img-one-8\n", mkfs(w, 8).ok().stdout());
        assertEquals(before + 1, w.h.warmActions().size(), () -> "served by the new service: " + w.h.transcript);
        ProcessHandle.of(pid(w)).ifPresent(ProcessHandle::destroy);
    }

    @Test
    void bothClientsRunActionsWarmWithTheColdResult() throws Exception {
        World w = warmWorld();
        w.h.env.put("STORAGE_DRIVERS_WARM", "0");
        ShimHarness.Result expected = w.h.tm("resize", "", "nohost", "1", "2", "3");
        assertEquals(1, expected.exit());
        w.h.env.put("STORAGE_DRIVERS_WARM", "1");
        int id = 10;
        for (String client : List.of("perl", "curl")) {
            w.h.env.put("STORAGE_DRIVERS_WARM_CLIENT", client);
            int before = w.h.warmActions().size();
            assertEquals("vg-sim/img-one-" + id + "\n", mkfs(w, id++).ok().stdout(), client); // with stdin
            ShimHarness.Result r = w.h.tm("resize", "", "nohost", "1", "2", "3"); // without
            assertEquals(List.of(expected.exit(), expected.stdout(), expected.stderr()),
                    List.of(r.exit(), r.stdout(), r.stderr()), client);
            List<String> served = w.h.warmActions();
            assertEquals(before + 2, served.size(), () -> client + " ran warm: " + served);
        }
    }

    @Test
    void withoutPerlTheShimUsesCurlAndWithNeitherItRunsCold() throws Exception {
        World w = World.create(TestBed.require(), "sim", "warm");
        // every program of the PATH but perl (then curl too), the service with the same PATH
        Path bin = Files.createDirectories(w.work.resolve("bin"));
        for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            try (var programs = Files.list(Path.of(dir))) {
                for (Path p : (Iterable<Path>) programs::iterator) {
                    Path link = bin.resolve(p.getFileName());
                    if (!p.getFileName().toString().startsWith("perl") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
        }
        w.h.env.put("PATH", w.h.stubDir + ":" + bin);
        assertTrue(w.h.startWarmService());
        assertEquals("vg-sim/img-one-5\n", mkfs(w, 5).ok().stdout());
        assertEquals(1, w.h.warmActions().size(), "curl ran it warm");
        Files.delete(bin.resolve("curl"));
        assertEquals("vg-sim/img-one-6\n", mkfs(w, 6).ok().stdout());
        assertEquals(1, w.h.warmActions().size(), "no client: cold");
    }

    @Test
    void aRunDirectoryOthersCanReadIsRefused() throws Exception {
        World w = World.create(TestBed.require(), "sim", "warm");
        Path open = Files.createDirectories(w.work.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("java", "-jar",
                Path.of(w.h.env.get("STORAGE_DRIVERS_JAR_DIR"), "shared-lvm-driver.jar").toString(),
                "warm-serve", "--socket", open.resolve("x.sock").toString()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("is open to other users"), out);
        assertTrue(!Files.exists(open.resolve("x.sock")));
    }
}
