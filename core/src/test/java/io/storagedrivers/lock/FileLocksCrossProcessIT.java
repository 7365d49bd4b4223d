package io.storagedrivers.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two separate JVMs contending for one lock: their critical sections never overlap. */
class FileLocksCrossProcessIT {
    @TempDir
    Path dir;

    @Test
    void twoJvmsSerialise() throws Exception {
        Path log = dir.resolve("log");
        int rounds = 5;
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jvms.add(new ProcessBuilder(javaBin(), "-cp", classPath(), LockContender.class.getName(),
                    dir.resolve("locks").toString(), "vg-one-100", log.toString(), String.valueOf(rounds), "100")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out" + i).toFile()).start());
        }
        for (int i = 0; i < jvms.size(); i++) {
            assertTrue(jvms.get(i).waitFor(120, TimeUnit.SECONDS), "contender did not finish");
            assertEquals(0, jvms.get(i).exitValue(), Files.readString(dir.resolve("out" + i)));
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(2 * 2 * rounds, lines.size(), lines.toString());
        Set<String> pids = new HashSet<>();
        for (int i = 0; i < lines.size(); i += 2) {
            String enter = lines.get(i);
            String exit = lines.get(i + 1);
            assertTrue(enter.startsWith("enter "), "overlap at line " + i + ": " + lines);
            assertEquals("exit " + enter.substring(6), exit, "overlap at line " + i + ": " + lines);
            pids.add(enter.substring(6));
        }
        assertEquals(2, pids.size(), "both JVMs took the lock: " + lines);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire/failsafe put the real class path here; java.class.path may be a manifest-only jar. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }
}
