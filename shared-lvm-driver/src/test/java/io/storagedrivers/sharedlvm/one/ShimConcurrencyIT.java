package io.storagedrivers.sharedlvm.one;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.storagedrivers.sharedlvm.one.OneXmlBuilder.Disk;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.testsupport.ShimHarness;
import io.storagedrivers.testsupport.TestBed;

/**
 * oned runs actions concurrently from separate DS, TM and VMM driver processes: 20 shim processes
 * at once on one VG (10 volatile disks created, 10 image datablocks allocated, then all removed)
 * all succeed, and vgck finds the VG metadata clean.
 */
class ShimConcurrencyIT {
    private static final int VMS = 10;

    /**
     * cold: 20 JVMs; warm: the warm service runs half of them concurrently while the other half
     * run cold beside it, all on the same per-VG locks.
     */
    @ParameterizedTest(name = "{0} shims")
    @ValueSource(strings = {"cold", "warm"})
    void twentyConcurrentActionsOnOneVg(String mode) throws Exception {
        TestBed tb = TestBed.require();
        Assumptions.assumeTrue(Backends.knownSchemes().contains("lvm"), "no lvm backend on the class path");
        World w = World.create(tb, "lvm", mode);
        w.h.startWarmService();
        String host = tb.hosts().get(0);
        for (int vm = 100; vm < 100 + VMS; vm++) {
            w.vm(vm, 3, 1, List.of(new Disk(0, -1, "", false, false, 4, -1, "fs")), List.of(host));
        }
        List<Call> create = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            int vm = 100 + i;
            create.add(() -> w.h.tm("mkimage", "", "4", "raw", host + ":" + w.location + "/100/" + vm + "/disk.0",
                    Integer.toString(vm), "100"));
            int img = 200 + i;
            // the datablocks always in a cold JVM of their own (beside the warm service in warm mode)
            create.add(() -> w.h.run(java.nio.file.Path.of("/usr/bin/env"), List.of("STORAGE_DRIVERS_WARM=0",
                    w.h.repo.resolve("remotes/datastore/shared_lvm/mkfs").toString(), Integer.toString(img)),
                    io.storagedrivers.testsupport.ShimHarness.base64(OneXmlBuilder.dsAction(
                    OneXmlBuilder.image(img, "", "", 4, "raw", false, java.util.Map.of()), w.imageDsXml, ""))));
        }
        runAll(create);
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < VMS; i++) {
            expected.add("lv-one-" + (100 + i) + "-0");
            expected.add("img-one-" + (200 + i));
        }
        assertEquals(expected, w.volumes());
        vgck(w);

        List<Call> remove = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            int vm = 100 + i;
            remove.add(() -> w.h.tm("delete", "", host + ":" + w.location + "/100/" + vm + "/disk.0",
                    Integer.toString(vm), "100"));
            int img = 200 + i;
            remove.add(() -> w.h.ds("rm", Integer.toString(img), OneXmlBuilder.dsAction(OneXmlBuilder.image(img, "",
                    w.vg + "/img-one-" + img, 4, "raw", false, java.util.Map.of()), w.imageDsXml, "")));
        }
        runAll(remove);
        assertEquals(Set.of(), w.volumes());
        vgck(w);
        if (mode.equals("warm")) {
            assertEquals(3 * VMS, w.h.warmActions().size(), () -> "run warm: " + w.h.transcript);
        }
    }

    interface Call {
        ShimHarness.Result call() throws Exception;
    }

    private static void runAll(List<Call> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<ShimHarness.Result>> results = new ArrayList<>();
            for (Call c : calls) {
                results.add(pool.submit(c::call));
            }
            for (Future<ShimHarness.Result> f : results) {
                f.get().ok();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void vgck(World w) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("vgck", w.vg).redirectErrorStream(true);
        pb.environment().putAll(w.h.env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "vgck " + w.vg + ": " + out);
    }
}
