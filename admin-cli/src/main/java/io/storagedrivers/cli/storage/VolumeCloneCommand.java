package io.storagedrivers.cli.storage;

import java.util.List;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Progress;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code volume-clone}: a full, independent copy under a new name. Never overwrites a volume. */
@Command(name = "volume-clone", mixinStandardHelpOptions = true, description = "Copy a volume to a new volume.")
final class VolumeCloneCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "source volume")
    String name;

    @Option(names = "--to", required = true, paramLabel = "NAME", description = "new volume (must not exist)")
    String to;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool of both volumes (default: the only one)")
    String pool;

    @Option(names = "--size", paramLabel = "SIZE", description = "make the copy at least this large")
    String size;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        long min = size == null ? 0 : Sizes.parse(size);
        VolumeRef source = ref(backend, pool, name);
        VolumeRef target = new VolumeRef(source.pool(), checkName("volume", to));
        backend.find(source).orElseThrow(() -> BackendException.notFound("volume " + source));
        if (backend.find(target).isPresent()) {
            throw new BackendException(BackendException.Kind.INVALID, "volume " + target + " already exists");
        }
        print(VolumesCommand.table(List.of(backend.clone(source, target, min, Progress.NONE))));
        return ExitCode.OK;
    }
}
