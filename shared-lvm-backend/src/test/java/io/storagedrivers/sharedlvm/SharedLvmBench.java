package io.storagedrivers.sharedlvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.lock.FileLocks;
import io.storagedrivers.sharedlvm.lvm.LvsParser;
import io.storagedrivers.spi.VolumeRef;

/**
 * Measures (never asserts) the backend's metadata costs on the test bed's VG: one-call list and
 * capacity at N LVs, create/grow/delete latency, and parsing of a generated N-LV report.
 * Run inside the frontend namespace with the test-bed environment:
 * {@code java -cp <test classpath> io.storagedrivers.sharedlvm.SharedLvmBench <vg> <lock dir> [N]}.
 */
public final class SharedLvmBench {
    private SharedLvmBench() {
    }

    public static void main(String[] args) {
        String vg = args[0];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        String p = "bench" + ProcessHandle.current().pid() + "-";
        try (SharedLvmBackend b = new SharedLvmBackend(vg, SharedLvmSettings.from(Map.of()), DefaultRunners.fromEnvironment(),
                VgLocks.files(new FileLocks(Path.of(args[1])), Duration.ofSeconds(60)), () -> false, 1L << 30)) {
            List<Long> create = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                b.create(new VolumeRef(vg, p + i), 4L << 20);
                create.add(System.nanoTime() - t);
            }
            report("create (lock + lvs + lvcreate + lvs)", create);
            List<Long> list = new ArrayList<>();
            List<Long> pool = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                int count = b.list(vg).size();
                list.add(System.nanoTime() - t);
                t = System.nanoTime();
                b.pool(vg);
                pool.add(System.nanoTime() - t);
                if (count < n) {
                    throw new IllegalStateException("listed " + count);
                }
            }
            report("list, one lvs of " + n + "+ LVs", list);
            report("capacity, one vgs", pool);
            List<Long> grow = new ArrayList<>();
            List<Long> delete = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                VolumeRef v = new VolumeRef(vg, p + i);
                long t = System.nanoTime();
                if (i < 50) {
                    b.resize(v, 8L << 20);
                    grow.add(System.nanoTime() - t);
                    t = System.nanoTime();
                }
                b.delete(v, false);
                delete.add(System.nanoTime() - t);
            }
            report("grow (lock + lvs + lvextend + lvs)", grow);
            report("delete (lvs + lock + lvs + lvremove)", delete);
        }
        String json = generated(2000);
        List<Long> parse = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            LvsParser.parse(json);
            parse.add(System.nanoTime() - t);
        }
        report("parse a 2,000-LV report (after warm-up)", parse.subList(10, parse.size()));
    }

    static String generated(int n) {
        String[][] rows = new String[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Lvm.lv("lv-one-" + i + "-0", 10L << 30, "-wi-------", i % 10 == 0 ? "sd.incomplete" : "");
        }
        return Lvm.lvsJson("vg-one-100", rows);
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        s.sort(null);
        System.out.printf("%-45s n=%-4d median %7.1f ms  p90 %7.1f ms%n", what, s.size(), s.get(s.size() / 2) / 1e6,
                s.get((int) (s.size() * 0.9)) / 1e6);
    }
}
