package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeBackend;
import picocli.CommandLine.Command;

/** {@code pools}: capacity of every pool (VG, resource group, simulator pool). */
@Command(name = "pools", mixinStandardHelpOptions = true, description = "List pools with their capacity.")
final class PoolsCommand extends AbstractStorageCommand {

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        Table t = new Table(Table.Column.text("name"), Table.Column.bytes("total_bytes"), Table.Column.bytes("free_bytes"),
                Table.Column.bytes("used_bytes"), Table.Column.text("thin"));
        for (PoolInfo p : backend.pools()) {
            t.row(p.name(), p.totalBytes(), p.freeBytes(), p.usedBytes(), p.thin());
        }
        print(t);
        return ExitCode.OK;
    }
}
