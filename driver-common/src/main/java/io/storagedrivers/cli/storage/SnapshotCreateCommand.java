package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapshot-create}: a point-in-time snapshot of a volume. */
@Command(name = "snapshot-create", mixinStandardHelpOptions = true, description = "Snapshot a volume.")
final class SnapshotCreateCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--snapshot", required = true, paramLabel = "SNAP", description = "snapshot name")
    String snapshot;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = ref(backend, pool, name);
        checkName("snapshot", snapshot);
        backend.find(ref).orElseThrow(() -> BackendException.notFound("volume " + ref));
        if (backend.snapshots(ref).contains(snapshot)) {
            throw new BackendException(BackendException.Kind.INVALID, "snapshot " + snapshot + " of " + ref + " already exists");
        }
        backend.createSnapshot(ref, snapshot);
        return ExitCode.OK;
    }
}
