package io.storagedrivers.sharedlvm.one;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.sharedlvm.SharedLvmBackend;
import io.storagedrivers.sharedlvm.SharedLvmSettings;
import io.storagedrivers.sharedlvm.VgLocks;
import io.storagedrivers.testsupport.LentRunners;
import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.Assertions;

/**
 * The lvmlockd VM hosts of the test bed ({@code scripts/testbed.sh lockd-up}: vm1, vm2 [, vm3],
 * wdmd + sanlock + lvmlockd each, one shared VG on a LUN image they share).
 *
 * <p>A "frontend" here is a driver process whose own LVM (the commands a backend runs on
 * {@link Runners#local()}: every metadata change, the lock-type probe, reports) runs on one of
 * those VMs: the test bed's real frontend is this machine, whose kernel has no device-mapper, so
 * it cannot hold sanlock leases (they live in the VG's internal {@code lvmlock} LV) and cannot be
 * an lvmlockd node. {@link #frontendOn} gives such a process's runners: LVM programs go to the VM
 * over SSH, oned's CLI ({@code onevm}, {@code onedatastore}) is answered by the test.
 */
final class LockdNodes implements AutoCloseable {
    final TestBed tb;
    final List<String> vms;
    final String vg;
    /** sanlock's host_dead_seconds: a dead node's locks are free this long after its last renewal. */
    final Duration hostDead;
    final Runners ssh;

    private LockdNodes(TestBed tb) {
        this.tb = tb;
        this.vms = tb.requireLockdVms();
        this.vg = tb.get("TB_LOCKD_VG");
        this.hostDead = Duration.ofSeconds(Long.parseLong(tb.get("TB_LOCKD_HOST_DEAD_SECONDS")));
        this.ssh = DefaultRunners.fromEnvironment();
    }

    /** The lockd VMs, or a skipped test (a failed one under the CI's TESTBED_REQUIRED=1). */
    static LockdNodes require() {
        return new LockdNodes(TestBed.require());
    }

    CommandRunner on(String vm) {
        return ssh.host(vm);
    }

    /** Runs {@code argv} on {@code vm}; its stdout (fails the test on a non-zero exit). */
    String run(String vm, String... argv) {
        return on(vm).run(Command.of(argv)).stdout();
    }

    /** Runs {@code argv} on {@code vm} whatever its exit code. */
    CommandResult execute(String vm, String... argv) {
        return on(vm).execute(Command.of(argv));
    }

    /**
     * name → "size tags" of every LV of the shared VG as {@code vm}'s LVM reports it (the VG's
     * internal lvmlock LV is hidden from lvs).
     */
    Map<String, String> lvs(String vm) {
        Map<String, String> out = new TreeMap<>();
        String report = run(vm, "lvs", "--noheadings", "--units", "b", "--nosuffix", "--separator", "|",
                "-o", "lv_name,lv_size,lv_tags", vg);
        for (String line : report.split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length == 3) {
                out.put(f[0], f[1] + " " + f[2]);
            }
        }
        return out;
    }

    /**
     * How {@code vm} holds one LV: "inactive", "active shared" or "active exclusive", from its
     * lvmlockd's lock table ({@code lvmlockctl -i}: "LK LV sh|ex <uuid>"; lvs's
     * lv_active_exclusively says "exclusively" for a shared lock too).
     */
    String activation(String vm, String lv) {
        String[] f = run(vm, "lvs", "--noheadings", "--separator", "|", "-o", "lv_active,lv_uuid", vg + "/" + lv)
                .strip().split("\\|", -1);
        if (f.length != 2 || f[0].isBlank()) {
            return "inactive";
        }
        for (String line : run(vm, "lvmlockctl", "-i").split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 4 && w[0].equals("LK") && w[1].equals("LV") && w[3].equals(f[1])) {
                return w[2].equals("ex") ? "active exclusive" : "active " + (w[2].equals("sh") ? "shared" : w[2]);
            }
        }
        return "active without an LV lock";
    }

    /**
     * How often {@code vm}'s lvmlockd found the VG lock held by another node (sanlock's EAGAIN,
     * "res_lock rv -11" in its debug buffer, a ring: a lower bound). lvmlockd and LVM
     * ({@code global/lvmlockd_lock_retries}) retry those themselves before a command fails with
     * "held by other host", which the driver retries again ({@code VgMetadata}).
     */
    long vgLockConflicts(String vm) {
        return run(vm, "lvmlockctl", "-d").lines().filter(l -> l.contains("R VGLK res_lock rv -11")).count();
    }

    /**
     * Runners of a driver process that runs on {@code vm}: {@code oned} answers {@code onevm} and
     * {@code onedatastore}, every other "local" command (LVM, zeroing) runs on the VM over SSH.
     */
    Runners frontendOn(String vm, Function<Command, Optional<String>> oned) {
        CommandRunner lvm = on(vm);
        CommandRunner local = new CommandRunner() {
            @Override
            public String where() {
                return lvm.where();
            }

            @Override
            public CommandResult execute(Command c) {
                Optional<String> answer = oned.apply(c);
                if (answer.isPresent()) {
                    return new CommandResult(c, 0, answer.get().getBytes(java.nio.charset.StandardCharsets.UTF_8), "", false);
                }
                if (c.program().startsWith("one")) {
                    throw new AssertionError("the frontend asked oned " + c.printable() + ", which this test does not answer");
                }
                return lvm.execute(c);
            }
        };
        return new LentRunners(local, ssh); // the SSH sessions belong to LockdNodes
    }

    /**
     * A shared-LVM backend as a frontend on {@code vm} runs it: metadata changes, zeroing and
     * copies there (it has device-mapper), its own lock directory (two frontends are two machines:
     * only LVM's VG lock orders them).
     */
    SharedLvmBackend backend(String vm, Path lockDir) {
        return backend(vm, lockDir, true);
    }

    /** {@link #backend(String, Path)}, with or without {@code ZERO_LVM_ON_CREATE}. */
    SharedLvmBackend backend(String vm, Path lockDir, boolean zeroOnCreate) {
        Map<String, String> s = Map.of("DD", "/usr/bin/dd", "BLKDISCARD", "/usr/sbin/blkdiscard",
                "ZERO_LVM_ON_CREATE", zeroOnCreate ? "yes" : "no");
        return new SharedLvmBackend(vg, SharedLvmSettings.from(s), frontendOn(vm, c -> Optional.empty()),
                VgLocks.files(new FileLocks(lockDir), Duration.ofSeconds(120)), () -> true, 4L << 20);
    }

    /** Runs {@code scripts/testbed.sh ARGS} (the test bed's TB_* variables are in this JVM's environment). */
    static void testbed(String... args) throws java.io.IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (!java.nio.file.Files.isRegularFile(repo.resolve("scripts/testbed.sh"))) {
            repo = repo.getParent();
        }
        List<String> argv = new java.util.ArrayList<>(List.of("bash", repo.resolve("scripts/testbed.sh").toString()));
        argv.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(argv).inheritIO().start();
        Assertions.assertEquals(0, p.waitFor(), "testbed.sh " + String.join(" ", args));
    }

    /**
     * Boots {@code vm} again after it was killed ({@code testbed.sh lockd-boot}) and waits until it
     * holds its host lease in the VG's lockspace again (sanlock's status lists it without ADD): at
     * most 3 x host_dead_seconds, the longest a lease of the same host_id can keep it waiting.
     */
    void bootAgain(String vm) throws java.io.IOException, InterruptedException {
        testbed("lockd-boot", vm);
        long deadline = System.nanoTime() + hostDead.multipliedBy(3).toNanos();
        String lease = "s lvm_" + vg + ":";
        while (true) {
            // a new ssh each time: this JVM's SSH session to the node died with it
            Process p = new ProcessBuilder("ssh", "-F", tb.sshConfig().toString(), vm, "sanlock", "client", "status")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() == 0 && out.lines().anyMatch(l -> l.startsWith(lease) && !l.endsWith("ADD"))) {
                return;
            }
            Assertions.assertTrue(System.nanoTime() < deadline, vm + " did not rejoin the lockspace: " + out);
            Thread.sleep(1000);
        }
    }

    /** The same with thin volumes ({@code LVM_THIN_ENABLE=yes}: each volume in its own pool, snapshots). */
    SharedLvmBackend thinBackend(String vm, Path lockDir) {
        Map<String, String> s = Map.of("LVM_THIN_ENABLE", "yes", "DD", "/usr/bin/dd", "BLKDISCARD", "/usr/sbin/blkdiscard");
        return new SharedLvmBackend(vg, SharedLvmSettings.from(s), frontendOn(vm, c -> Optional.empty()),
                VgLocks.files(new FileLocks(lockDir), Duration.ofSeconds(120)), () -> true, 4L << 20);
    }

    /** 4 MiB of random bytes written at the start of LV {@code lv}, active on {@code vm}; their SHA-256. */
    String writeRandom(String vm, String lv) {
        shell(vm, "/usr/bin/dd if=/dev/urandom of=/dev/" + vg + "/" + lv
                + " bs=1M count=4 oflag=direct conv=fsync status=none");
        return sha(vm, lv);
    }

    /** The SHA-256 of the first 4 MiB of LV {@code lv}, active on {@code vm} (read with direct I/O). */
    String sha(String vm, String lv) {
        return shell(vm, "/usr/bin/dd if=/dev/" + vg + "/" + lv + " bs=1M count=4 iflag=direct status=none | sha256sum")
                .split("\\s+")[0];
    }

    /** A pipeline on {@code vm} (test code only: the driver never runs a shell). */
    String shell(String vm, String script) {
        return on(vm).run(Command.of("bash", "-c", script)).stdout().strip();
    }

    @Override
    public void close() {
        ssh.close();
    }
}
