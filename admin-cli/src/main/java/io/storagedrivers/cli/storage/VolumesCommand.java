package io.storagedrivers.cli.storage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code volumes}: every volume with its size, OpenNebula owner and the hosts it is active on. */
@Command(name = "volumes", mixinStandardHelpOptions = true,
        description = "List volumes: size, pool, the OpenNebula image/VM disk they belong to, where active.")
final class VolumesCommand extends AbstractStorageCommand {

    @Option(names = "--pool", paramLabel = "POOL", description = "only this pool (default: all)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        List<VolumeInfo> all = volumes(backend, pool);
        print(table(all));
        warnUnknownActivation(all, err());
        return ExitCode.OK;
    }

    /**
     * One stderr line per host that could not be asked where volumes are active (the listing still
     * succeeds: its "active_on" just cannot include that host).
     */
    static void warnUnknownActivation(List<VolumeInfo> volumes, PrintWriter err) {
        Map<String, String> unknown = unknownActivation(volumes);
        unknown.forEach((host, why) -> err.println("warning: cannot tell which volumes are active on " + host + ": " + why));
    }

    /** Host → why it could not be asked, over all volumes. */
    static Map<String, String> unknownActivation(List<VolumeInfo> volumes) {
        Map<String, String> out = new TreeMap<>();
        for (VolumeInfo v : volumes) {
            for (String host : v.activationUnknownOn()) {
                out.putIfAbsent(host, v.properties().getOrDefault(VolumeInfo.ACTIVATION_ERROR + host, "no answer"));
            }
        }
        return out;
    }

    /** The volume table every volume verb prints. */
    static Table table(List<VolumeInfo> volumes) {
        Table t = new Table(Table.Column.text("pool"), Table.Column.text("name"), Table.Column.bytes("size_bytes"),
                Table.Column.text("one_image"), Table.Column.text("one_vm"), Table.Column.text("one_disk"),
                Table.Column.text("active_on"));
        for (VolumeInfo v : volumes) {
            VolumeOwner o = VolumeNaming.ownerOf(v.ref().name()).orElse(new VolumeOwner(null, null, null));
            t.row(v.ref().pool(), v.ref().name(), v.sizeBytes(), o.image(), o.vm(), o.disk(),
                    v.activeOn().stream().sorted().toList());
        }
        return t;
    }

    /** Volumes of one pool, or of all pools. */
    static List<VolumeInfo> volumes(VolumeBackend backend, String pool) {
        List<VolumeInfo> all = new ArrayList<>();
        if (pool != null) {
            all.addAll(backend.list(checkName("pool", pool)));
        } else {
            for (PoolInfo p : backend.pools()) {
                all.addAll(backend.list(p.name()));
            }
        }
        return all;
    }
}
