package io.storagedrivers.one.warm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** The jar this JVM runs from, as it was at start: a reinstall (new mtime, size or inode) is a change. */
final class JarStamp {
    private final Path path;
    private final String stamp;

    private JarStamp(Path path) {
        this.path = path;
        this.stamp = stamp(path);
    }

    static JarStamp ofRunningJar() {
        try {
            return new JarStamp(Path.of(JarStamp.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return new JarStamp(null);
        }
    }

    boolean changed() {
        return path != null && !stamp.equals(stamp(path));
    }

    private static String stamp(Path p) {
        if (p == null || !Files.isRegularFile(p)) {
            return p == null ? "" : "absent";
        }
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.lastModifiedTime() + " " + a.size() + " " + a.fileKey();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    @Override
    public String toString() {
        return String.valueOf(path);
    }
}
