package io.storagedrivers.sharedlvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.exec.ssh.SshConfig;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.testsupport.TestBed;
import org.junit.jupiter.api.Test;

/**
 * 20 JVMs at once (as oned's DS, TM and VMM drivers start them) create, grow and delete LVs in one
 * VG; every one must succeed, the VG must end exactly as expected and {@code vgck} must be clean.
 */
class ConcurrencyIT {
    static final int PROCESSES = 20;

    @Test
    void twentyProcessesOnOneVg() throws Exception {
        TestBed tb = TestBed.require();
        String prefix = "cc" + ProcessHandle.current().pid() + "-";
        Path lockDir = tb.dir().resolve("locks");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<Process> procs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < PROCESSES; i++) {
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    ConcurrentOpMain.class.getName(), tb.vg(), prefix + i, lockDir.toString(), i % 2 == 0 ? "delete" : "keep");
            pb.redirectErrorStream(true);
            procs.add(pb.start());
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Process p = procs.get(i);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                failures.add("process " + i + " exit " + p.exitValue() + ": " + out.strip());
            }
        }
        System.out.printf("ConcurrencyIT: %d processes done in %.1f s%n", PROCESSES, (System.nanoTime() - t0) / 1e9);
        assertEquals(List.of(), failures);

        LocalCommandRunner local = new LocalCommandRunner();
        LvmCommands lvm = new LvmCommands(LvmTools.defaults());
        assertEquals(0, local.execute(lvm.reports().vgck(tb.vg())).exitCode(), "vgck");
        try (SharedLvmBackend b = new SharedLvmBackend(tb.vg(), SharedLvmSettings.from(Map.of("ZERO_LVM_ON_CREATE", "no")) /* the namespace test bed has no device-mapper */,
                new DefaultRunners(SshConfig.load(List.of(), false), Set.of()), vg -> () -> { }, () -> false, SharedLvmBackend.DEFAULT_CHUNK_BYTES)) {
            List<VolumeInfo> left = b.list(tb.vg()).stream().filter(v -> v.ref().name().startsWith(prefix)).toList();
            assertEquals(PROCESSES / 2, left.size(), left.toString());
            for (VolumeInfo v : left) {
                assertEquals(12L << 20, v.sizeBytes());
                assertEquals(1, Integer.parseInt(v.ref().name().substring(prefix.length())) % 2, v.ref().name());
                b.delete(v.ref(), false);
            }
        }
        assertEquals(0, local.execute(lvm.reports().vgck(tb.vg())).exitCode(), "vgck after cleanup");
    }

}
