package io.storagedrivers.cli.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hosts}: which volumes each host has active (libStorageMgmt's access-group view). */
@Command(name = "hosts", mixinStandardHelpOptions = true, description = "List hosts and the volumes active on each.")
final class HostsCommand extends AbstractStorageCommand {

    @Option(names = "--pool", paramLabel = "POOL", description = "only this pool (default: all)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        Map<String, List<String>> byHost = new TreeMap<>();
        for (VolumeInfo v : VolumesCommand.volumes(backend, pool)) {
            for (String host : v.activeOn()) {
                byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(v.ref().toString());
            }
        }
        Table t = new Table(Table.Column.text("host"), Table.Column.text("count"), Table.Column.text("volumes"));
        byHost.forEach((host, vols) -> t.row(host, (long) vols.size(), vols.stream().sorted().toList()));
        print(t);
        return ExitCode.OK;
    }
}
