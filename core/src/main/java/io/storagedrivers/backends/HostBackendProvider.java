package io.storagedrivers.backends;

import java.net.URI;
import java.util.Map;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.spi.BackendProvider;
import io.storagedrivers.spi.VolumeBackend;

/**
 * A provider whose backends run commands on hosts: opened on their own they get the process's
 * SSH runners ({@link DefaultRunners#fromEnvironment}) and close them; opened with the caller's
 * runners they share them and leave them open. One process keeps one SSH connection per host
 * however many backends (datastores) it opens.
 */
public abstract class HostBackendProvider implements BackendProvider {

    @Override
    public final VolumeBackend open(URI uri, Map<String, String> settings) {
        return open(uri, settings, DefaultRunners.fromEnvironment(), true);
    }

    /**
     * As {@link #open(URI, Map)}, but the backend runs its commands through the caller's
     * {@code runners} and does not close them.
     */
    public final VolumeBackend open(URI uri, Map<String, String> settings, Runners runners) {
        return open(uri, settings, runners, false);
    }

    /** @param ownsRunners whether the backend's close() closes {@code runners} */
    protected abstract VolumeBackend open(URI uri, Map<String, String> settings, Runners runners, boolean ownsRunners);
}
