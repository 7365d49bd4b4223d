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

/**
 * {@code hosts}: which volumes each host has active (libStorageMgmt's access-group view): every
 * host the backend knows (shared LVM: HOSTS or the SSH config) and every host some volume is
 * active on; a host that could not be asked has an {@code error} and no count.
 */
@Command(name = "hosts", mixinStandardHelpOptions = true, description = {"List hosts and the volumes active on each.",
    "Shared LVM asks every host in the HOSTS setting (else every Host named in the SSH config);"
        + " a host it could not ask is listed with the error."})
final class HostsCommand extends AbstractStorageCommand {

    @Option(names = "--pool", paramLabel = "POOL", description = "only this pool (default: all)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        Map<String, List<String>> byHost = new TreeMap<>();
        backend.knownHosts().forEach(h -> byHost.put(h, new ArrayList<>()));
        List<VolumeInfo> all = VolumesCommand.volumes(backend, pool);
        for (VolumeInfo v : all) {
            for (String host : v.activeOn()) {
                byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(v.ref().toString());
            }
        }
        Map<String, String> unknown = VolumesCommand.unknownActivation(all);
        unknown.keySet().forEach(h -> byHost.putIfAbsent(h, new ArrayList<>()));
        Table t = new Table(Table.Column.text("host"), Table.Column.text("count"), Table.Column.text("volumes"),
                Table.Column.text("error"));
        byHost.forEach((host, vols) -> {
            Long count = unknown.containsKey(host) ? null : Long.valueOf(vols.size()); // unknown: no count
            t.row(host, count, vols.stream().sorted().toList(), unknown.get(host));
        });
        print(t);
        return ExitCode.OK;
    }
}
