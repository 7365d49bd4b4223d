package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapshot-revert}: rolls a volume back to a snapshot (its current data is lost). */
@Command(name = "snapshot-revert", mixinStandardHelpOptions = true,
        description = {"Roll a volume back to a snapshot; what was written since is lost.",
            "Asks on a terminal; without one, refuses unless --force is given."})
final class SnapshotRevertCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--snapshot", required = true, paramLabel = "SNAP", description = "snapshot name")
    String snapshot;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Option(names = "--force", description = "do not ask")
    boolean force;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = ref(backend, pool, name);
        checkName("snapshot", snapshot);
        requireSnapshot(backend, ref, snapshot);
        confirm(force, "revert volume " + ref + " to snapshot " + snapshot);
        backend.revertSnapshot(ref, snapshot);
        return ExitCode.OK;
    }

    /** NOT_FOUND unless the volume and its snapshot exist. */
    static void requireSnapshot(VolumeBackend backend, VolumeRef ref, String snapshot) {
        backend.find(ref).orElseThrow(() -> BackendException.notFound("volume " + ref));
        if (!backend.snapshots(ref).contains(snapshot)) {
            throw BackendException.notFound("snapshot " + snapshot + " of " + ref);
        }
    }
}
