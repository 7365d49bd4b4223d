package io.storagedrivers.cli.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snapshot-group-create}: one snapshot of several volumes (e.g. all disks of a VM), taken
 * together so they are consistent with each other; all or nothing. Backends that cannot do it
 * (capability GROUP_SNAPSHOTS) refuse.
 */
@Command(name = "snapshot-group-create", mixinStandardHelpOptions = true,
        description = "Snapshot several volumes together (crash-consistent, all or nothing).")
final class SnapshotGroupCreateCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "a volume (repeat for each)")
    List<String> names;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Option(names = "--snapshot", required = true, paramLabel = "SNAP", description = "snapshot name")
    String snapshot;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        Map<VolumeRef, String> refs = new LinkedHashMap<>();
        for (String n : names) {
            refs.put(ref(backend, pool, n), snapshot);
        }
        checkName("snapshot", snapshot);
        for (VolumeRef ref : refs.keySet()) {
            AbstractVolumeCommand.requireVolume(backend, ref);
            if (backend.snapshots(ref).contains(snapshot)) {
                throw new BackendException(BackendException.Kind.INVALID, "snapshot " + snapshot + " of " + ref
                        + " already exists");
            }
        }
        backend.createSnapshots(refs);
        return ExitCode.OK;
    }
}
