package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapshot-revert}: rolls a volume back to a snapshot (its current data is lost). */
@Command(name = "snapshot-revert", mixinStandardHelpOptions = true,
        description = {"Roll a volume back to a snapshot; what was written since is lost.",
            "Asks on a terminal; without one, refuses unless --force is given."})
final class SnapshotRevertCommand extends AbstractSnapshotCommand {

    @Option(names = "--force", description = "do not ask")
    boolean force;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = existingSnapshot(backend);
        confirm(force, "revert volume " + ref + " to snapshot " + snapshot);
        backend.revertSnapshot(ref, snapshot);
        return ExitCode.OK;
    }
}
