package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;

/** {@code snapshot-list}: the snapshots of one volume. */
@Command(name = "snapshot-list", mixinStandardHelpOptions = true, description = "List the snapshots of a volume.")
final class SnapshotListCommand extends AbstractVolumeCommand {

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = existingVolume(backend);
        Table t = new Table(Table.Column.text("pool"), Table.Column.text("volume"), Table.Column.text("snapshot"));
        for (String s : backend.snapshots(ref)) {
            t.row(ref.pool(), ref.name(), s);
        }
        print(t);
        return ExitCode.OK;
    }
}
