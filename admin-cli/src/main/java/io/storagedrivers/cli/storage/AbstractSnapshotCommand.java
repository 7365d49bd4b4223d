package io.storagedrivers.cli.storage;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Option;

/** A verb on one snapshot ({@code --snapshot}) of one volume ({@code --name}, {@code --pool}). */
abstract class AbstractSnapshotCommand extends AbstractVolumeCommand {

    @Option(names = "--snapshot", required = true, paramLabel = "SNAP", description = "snapshot name")
    String snapshot;

    /** The volume, after checking all three names (usage errors first); NOT_FOUND unless it exists. */
    @Override
    protected VolumeRef existingVolume(VolumeBackend backend) {
        VolumeRef ref = volume(backend);
        checkName("snapshot", snapshot);
        requireVolume(backend, ref);
        return ref;
    }

    /** The volume; NOT_FOUND unless it and its snapshot exist. */
    protected VolumeRef existingSnapshot(VolumeBackend backend) {
        VolumeRef ref = existingVolume(backend);
        if (!backend.snapshots(ref).contains(snapshot)) {
            throw BackendException.notFound("snapshot " + snapshot + " of " + ref);
        }
        return ref;
    }
}
