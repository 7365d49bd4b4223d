package io.storagedrivers.cli.storage;

import java.util.Locale;
import java.util.Set;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.Capability;
import io.storagedrivers.spi.VolumeBackend;
import picocli.CommandLine.Command;

/** {@code capabilities}: what the backend supports. */
@Command(name = "capabilities", mixinStandardHelpOptions = true,
        description = "What the backend supports: thin, snapshots, clone kinds, resize, replication, multi-attach,"
                + " group snapshots.")
final class CapabilitiesCommand extends AbstractStorageCommand {

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        Set<Capability> has = backend.capabilities();
        Table t = new Table(Table.Column.text("capability"), Table.Column.text("supported"), Table.Column.text("meaning"));
        for (Capability c : Capability.values()) {
            t.row(c.name().toLowerCase(Locale.ROOT), has.contains(c), meaning(c));
        }
        print(t);
        return ExitCode.OK;
    }

    private static String meaning(Capability c) {
        return switch (c) {
            case THIN -> "volumes are thin-provisioned";
            case SNAPSHOTS -> "snapshot create, delete, revert, volume from snapshot";
            case SERVER_SIDE_CLONE -> "clone copies on the storage side";
            case HOST_COPY_CLONE -> "clone copies data through a host";
            case RESIZE -> "volumes can grow";
            case REPLICATION -> "data is replicated across nodes";
            case MULTI_ATTACH -> "a volume can be active on several hosts (live migration)";
            case GROUP_SNAPSHOTS -> "several volumes snapshotted together (crash-consistent)";
        };
    }
}
