package io.storagedrivers.cli;

import picocli.CommandLine.IVersionProvider;

/** picocli version provider reading the jar manifest. */
public final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"storage-drivers " + DriverMain.version(ManifestVersion.class)};
    }
}
