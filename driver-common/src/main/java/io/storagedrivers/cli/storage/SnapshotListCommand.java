package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapshot-list}: the snapshots of one volume. */
@Command(name = "snapshot-list", mixinStandardHelpOptions = true, description = "List the snapshots of a volume.")
final class SnapshotListCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = ref(backend, pool, name);
        backend.find(ref).orElseThrow(() -> BackendException.notFound("volume " + ref));
        Table t = new Table(Table.Column.text("pool"), Table.Column.text("volume"), Table.Column.text("snapshot"));
        for (String s : backend.snapshots(ref)) {
            t.row(ref.pool(), ref.name(), s);
        }
        print(t);
        return ExitCode.OK;
    }
}
