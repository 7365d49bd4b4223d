package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;

/** {@code snapshot-create}: a point-in-time snapshot of a volume. */
@Command(name = "snapshot-create", mixinStandardHelpOptions = true, description = "Snapshot a volume.")
final class SnapshotCreateCommand extends AbstractSnapshotCommand {

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = existingVolume(backend);
        if (backend.snapshots(ref).contains(snapshot)) {
            throw new BackendException(BackendException.Kind.INVALID, "snapshot " + snapshot + " of " + ref + " already exists");
        }
        backend.createSnapshot(ref, snapshot);
        return ExitCode.OK;
    }
}
