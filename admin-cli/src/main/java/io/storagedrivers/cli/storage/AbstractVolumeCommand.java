package io.storagedrivers.cli.storage;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Option;

/** A verb on one volume, named by {@code --name} in {@code --pool} (default: the backend's only pool). */
abstract class AbstractVolumeCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    /** The volume the options name, both names checked (usage error otherwise); not looked up. */
    protected VolumeRef volume(VolumeBackend backend) {
        return ref(backend, pool, name);
    }

    /** The volume the options name; NOT_FOUND unless it exists. */
    protected VolumeRef existingVolume(VolumeBackend backend) {
        VolumeRef ref = volume(backend);
        requireVolume(backend, ref);
        return ref;
    }

    /** NOT_FOUND unless {@code ref} exists. */
    static VolumeInfo requireVolume(VolumeBackend backend, VolumeRef ref) {
        return backend.find(ref).orElseThrow(() -> BackendException.notFound("volume " + ref));
    }
}
