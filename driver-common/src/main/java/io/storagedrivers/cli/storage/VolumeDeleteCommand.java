package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code volume-delete}: removes a volume and its snapshots, after confirmation. */
@Command(name = "volume-delete", mixinStandardHelpOptions = true,
        description = {"Delete a volume and its snapshots.",
            "Asks for confirmation on a terminal; without one, refuses unless --force is given."})
final class VolumeDeleteCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Option(names = "--force", description = "do not ask")
    boolean force;

    @Option(names = "--zero", description = "overwrite the data with zeros before removing")
    boolean zero;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = ref(backend, pool, name);
        if (backend.find(ref).isEmpty()) {
            throw BackendException.notFound("volume " + ref);
        }
        confirm(force, "delete volume " + ref);
        backend.delete(ref, zero);
        return ExitCode.OK;
    }
}
