package io.storagedrivers.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process runs as root (effective uid 0), read once from {@code /proc/self/status}. */
public final class Privilege {
    private static final boolean ROOT = effectiveUidIsZero();

    private Privilege() {
    }

    public static boolean isRoot() {
        return ROOT;
    }

    private static boolean effectiveUidIsZero() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: fall back to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
