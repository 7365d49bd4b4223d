package io.storagedrivers.sharedlvm.one;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.TestBed;

/**
 * One OpenNebula installation for a shim test: a work dir (DATASTORE_LOCATION, image files,
 * stub XML), image datastore 101 and system datastore 100 in one VG, the backend to inspect.
 */
final class World {
    final Path work;
    final String location;
    final ShimHarness h;
    final String vg;
    final String imageDsXml;
    final VolumeBackend inspect;
    private final String kind;
    /** The device-mapper host data copies run on (LVM only), null when there is none. */
    final String copyHost;

    private World(Path work, ShimHarness h, String vg, String kind, VolumeBackend inspect, String copyHost)
            throws IOException {
        this.work = work;
        this.location = work.resolve("datastores").toString();
        this.h = h;
        this.vg = vg;
        this.kind = kind;
        this.inspect = inspect;
        Map<String, String> common = new java.util.LinkedHashMap<>(Map.of("VG_NAME", vg, "SAFE_DIRS",
                work.toString(), "BRIDGE_LIST", "", "ZERO_LVM_ON_DELETE", "no"));
        if (copyHost != null) {
            common.put("COPY_HOST", copyHost);
            // the VM host's busybox shadows bare dd/blkdiscard: name the GNU tools where an
            // operator does (driver config file / oned's environment), not in the template
            h.env.putAll(Map.of("DD", "/usr/bin/dd", "BLKDISCARD", "/usr/sbin/blkdiscard"));
            // the test bed's environment turns zeroing off (no device-mapper); the VM host has it
            h.env.put("ZERO_LVM_ON_CREATE", "yes");
            common.put("ZERO_LVM_ON_CREATE", "yes");
        }
        this.copyHost = copyHost;
        if (copyHost != null) {
            // the sweep: after every action nothing of this VG is active on the copy host (the
            // test's VMs run on the namespace hosts, so none of their disks belongs there)
            h.afterEach = r -> {
                java.util.Set<String> active = activeOn(copyHost);
                if (!active.isEmpty()) {
                    throw new AssertionError("after " + r.argv() + ": LVs left active on " + copyHost + ": " + active);
                }
            };
        }
        this.imageDsXml = OneXmlBuilder.datastore(101, "images", 0, common);
        h.writeDatastore(101, imageDsXml);
        h.writeDatastore(100, OneXmlBuilder.datastore(100, "system", 1, common));
        // the test bed's VG is this test's own: start from an empty one after an aborted run
        for (VolumeInfo v : inspect.list(vg)) {
            inspect.delete(v.ref(), false);
        }
    }

    private static io.storagedrivers.exec.Runners sweepRunners;

    /** LVs of this world's VG active on {@code host} ({@code lvs -o lv_active} there). */
    java.util.Set<String> activeOn(String host) {
        synchronized (World.class) {
            if (sweepRunners == null) {
                sweepRunners = io.storagedrivers.exec.ssh.DefaultRunners.fromEnvironment(); // one SSH session per host
            }
        }
        String out = sweepRunners.host(host).run(io.storagedrivers.exec.Command.of("lvs", "--noheadings", "-o",
                "lv_name,lv_active", vg)).stdout();
        java.util.Set<String> active = new java.util.TreeSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && "active".equals(f[1])) {
                active.add(f[0]);
            }
        }
        return active;
    }

    /** {@code kind} sim: a simulator state file in the work dir; lvm: the test bed's VG. */
    static World create(TestBed tb, String kind) throws IOException {
        return create(tb, kind, System.getProperty(ShimHarness.MODE_PROPERTY, "cold"));
    }

    /** {@code mode}: cold or warm shims (see {@link ShimHarness#mode}). */
    static World create(TestBed tb, String kind, String mode) throws IOException {
        Path work = Files.createTempDirectory(Path.of("/tmp"), "sd-one-it-");
        // kept while the test JVM runs (to look into after a failure), removed when it exits
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(work)));
        ShimHarness h = new ShimHarness(work, "shared_lvm", "shared-lvm-driver", mode);
        String vg = "lvm".equals(kind) ? tb.vg() : "vg-sim";
        String uri;
        if ("sim".equals(kind)) {
            uri = "sim://" + work.resolve("sim-state.json");
            h.env.put(SharedLvmProfile.BACKEND_OVERRIDE, uri);
        } else {
            uri = "lvm://" + vg;
            h.env.putAll(tb.frontendLvmEnv());
        }
        h.env.put("STORAGE_DRIVERS_SSH_CONFIG", tb.sshConfig().toString());
        String vmhost = "lvm".equals(kind) ? tb.get("TB_VMHOST") : null;
        return new World(work, h, vg, kind, Backends.open(uri, h.env), vmhost == null || vmhost.isBlank() ? null : vmhost);
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir is not a test failure
        }
    }

    String vmXml(int id, int state, int lcm, List<Disk> disks, List<String> hosts) {
        return OneXmlBuilder.vm(id, state, lcm, disks, 3, 100, hosts);
    }

    void vm(int id, int state, int lcm, List<Disk> disks, List<String> hosts) throws IOException {
        h.writeVm(id, vmXml(id, state, lcm, disks, hosts));
    }

    String device(String lv) {
        return "sim".equals(kind) ? "/dev/sim/" + vg + "/" + lv : "/dev/" + vg + "/" + lv;
    }

    Set<String> volumes() {
        Set<String> names = new TreeSet<>();
        for (VolumeInfo v : inspect.list(vg)) {
            names.add(v.ref().name());
        }
        return names;
    }

    VolumeInfo volume(String name) {
        return inspect.find(new VolumeRef(vg, name)).orElseThrow();
    }

    Path rawImage(String name, int mib) throws IOException {
        byte[] data = new byte[mib * 1024 * 1024];
        for (int i = 0; i < data.length; i += 4096) {
            data[i] = (byte) (i / 4096);
        }
        return Files.write(work.resolve(name), data);
    }

    Path qcow2Image(String name, int mib) throws Exception {
        Path p = work.resolve(name);
        Process q = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", p.toString(), mib + "M")
                .inheritIO().start();
        if (q.waitFor() != 0) {
            throw new IllegalStateException("qemu-img create failed");
        }
        return p;
    }

    static String md5(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
    }
}
