package io.storagedrivers.cli.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.exec.CommandLog;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeOwner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code orphans}: volumes named like OpenNebula VM disks whose VM no longer exists (not in
 * {@code onevm list -x}). Images are never orphans here. {@code --delete} removes them; what the
 * backend refuses to delete because it is in use is kept ({@link VolumeBackend#deleteIfUnused}:
 * shared LVM asks every host, LINSTOR whether a node has it open). The listed "active on" is not
 * the test: LINSTOR reports every node holding a replica there.
 */
@Command(name = "orphans", mixinStandardHelpOptions = true,
        description = {"List volumes named like OpenNebula VM disks whose VM no longer exists (per 'onevm list -x',"
                + " run as oneadmin; $ONEVM overrides the program).",
            "--delete removes them (asks on a terminal; without one needs --force); volumes that are"
                + " attached/active on a host are kept (exit code 5), and so are volumes whose hosts could not"
                + " all be asked (exit code 4)."})
final class OrphansCommand extends AbstractStorageCommand {

    @Option(names = "--pool", paramLabel = "POOL", description = "only this pool (default: all)")
    String pool;

    @Option(names = "--delete", description = "delete the orphans")
    boolean delete;

    @Option(names = "--force", description = "with --delete: do not ask")
    boolean force;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        List<VolumeInfo> orphans = new ArrayList<>();
        List<VolumeInfo> all = VolumesCommand.volumes(backend, pool);
        VolumesCommand.warnUnknownActivation(all, err());
        Set<Long> live = OneVmList.liveVmIds(CommandLog.global().wrap(new LocalCommandRunner()), onevm());
        for (VolumeInfo v : all) {
            VolumeOwner o = VolumeNaming.ownerOf(v.ref().name()).orElse(null);
            if (o != null && o.isVmDisk() && !live.contains(o.vm())) {
                orphans.add(v);
            }
        }
        if (delete && !orphans.isEmpty()) {
            confirm(force, "delete " + orphans.size() + " orphaned volume(s) "
                    + String.join(" ", orphans.stream().map(v -> v.ref().toString()).toList()));
        }
        Table t = new Table(Table.Column.text("pool"), Table.Column.text("name"), Table.Column.bytes("size_bytes"),
                Table.Column.text("one_vm"), Table.Column.text("one_disk"), Table.Column.text("active_on"),
                Table.Column.text("result"));
        boolean busy = false;
        ExitCode failed = null;
        for (VolumeInfo v : orphans) {
            VolumeOwner o = VolumeNaming.ownerOf(v.ref().name()).orElseThrow();
            String result = "orphan";
            if (delete) {
                ExitCode code = deleteOne(backend, v);
                result = code == ExitCode.OK ? "deleted" : code == ExitCode.BUSY ? "kept: in use" : "kept: delete failed";
                busy |= code == ExitCode.BUSY;
                failed = code != ExitCode.OK && code != ExitCode.BUSY ? code : failed;
            }
            t.row(v.ref().pool(), v.ref().name(), v.sizeBytes(), o.vm(), o.disk(),
                    v.activeOn().stream().sorted().toList(), result);
        }
        print(t);
        // a failed delete outranks one kept because it is still in use
        return failed != null ? failed : busy ? ExitCode.BUSY : ExitCode.OK;
    }

    private ExitCode deleteOne(VolumeBackend backend, VolumeInfo v) {
        try {
            backend.deleteIfUnused(v.ref(), false);
            return ExitCode.OK;
        } catch (BackendException e) {
            err().println("kept " + v.ref() + ": " + e.getMessage());
            return exitCode(e.kind());
        }
    }

    private String onevm() {
        String p = context().env().get("ONEVM");
        return p == null || p.isBlank() ? "onevm" : p;
    }
}
