package io.storagedrivers.spi;

import java.net.URI;
import java.util.Map;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;

/**
 * A provider whose backends run commands on hosts: opened on their own they get the process's
 * SSH runners ({@link DefaultRunners#fromEnvironment}) and close them; opened with the caller's
 * runners they share them and leave them open.
 */
public abstract class HostBackendProvider implements BackendProvider {

    @Override
    public final VolumeBackend open(URI uri, Map<String, String> settings) {
        return open(uri, settings, DefaultRunners.fromEnvironment(), true);
    }

    @Override
    public final VolumeBackend open(URI uri, Map<String, String> settings, Runners runners) {
        return open(uri, settings, runners, false);
    }

    /** @param ownsRunners whether the backend's close() closes {@code runners} */
    protected abstract VolumeBackend open(URI uri, Map<String, String> settings, Runners runners, boolean ownsRunners);
}
