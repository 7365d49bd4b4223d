package io.storagedrivers.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Manifest;
import picocli.CommandLine.IVersionProvider;

/**
 * picocli version provider: "storage-drivers VERSION (commit SHA)" from the jar manifest
 * (Implementation-Version and Build-Commit, set by the build; a Debian build sets them from
 * debian/changelog and git, so the jar and its package say the same).
 */
public final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"storage-drivers " + DriverMain.version(ManifestVersion.class)
                + " (commit " + commit() + ")"};
    }

    /** Build-Commit of the jar this class was loaded from, "unknown" when run from classes. */
    static String commit() {
        try (InputStream in = ManifestVersion.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
            if (in == null) {
                return "unknown";
            }
            String c = new Manifest(in).getMainAttributes().getValue("Build-Commit");
            return c == null || c.isBlank() ? "unknown" : c;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
