package io.storagedrivers.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;

/** Threads and separate JVMs changing one state file: no update may be lost, no id repeated. */
class SimBackendConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void threadsAndProcessesNeverLoseAnUpdate() throws Exception {
        Path state = dir.resolve("state.json");
        List<Process> procs = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            procs.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), state.toString(), "p" + p, "15")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("p" + p + ".log").toFile()).start());
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String prefix = "t" + t;
            futures.add(pool.submit(() -> Writer.write(state, prefix, 15)));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (Process p : procs) {
            p.waitFor(120, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), "writer process failed");
        }
        List<VolumeInfo> all = new SimBackend(state, List.of()).list("default");
        assertEquals(75, all.size());
        assertEquals(75, new TreeSet<>(all.stream().map(v -> v.properties().get("id")).toList()).size());
    }

    /** Run as a separate JVM by the test. */
    public static final class Writer {
        public static void main(String[] args) {
            write(Path.of(args[0]), args[1], Integer.parseInt(args[2]));
        }

        static void write(Path state, String prefix, int count) {
            SimBackend b = new SimBackend(state, List.of());
            for (int i = 0; i < count; i++) {
                b.create(new VolumeRef("default", prefix + "-" + i), Sizes.MIB);
            }
        }
    }
}
