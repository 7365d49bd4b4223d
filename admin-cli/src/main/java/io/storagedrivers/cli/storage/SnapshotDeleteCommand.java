package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapshot-delete}: removes a snapshot, after confirmation. */
@Command(name = "snapshot-delete", mixinStandardHelpOptions = true,
        description = {"Delete a snapshot.", "Asks on a terminal; without one, refuses unless --force is given."})
final class SnapshotDeleteCommand extends AbstractSnapshotCommand {

    @Option(names = "--force", description = "do not ask")
    boolean force;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = existingSnapshot(backend);
        confirm(force, "delete snapshot " + snapshot + " of " + ref);
        backend.deleteSnapshot(ref, snapshot);
        return ExitCode.OK;
    }
}
