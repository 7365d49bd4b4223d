package io.storagedrivers.cli.storage;

import java.util.List;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code volume-create}: a new empty volume. */
@Command(name = "volume-create", mixinStandardHelpOptions = true, description = "Create an empty volume.")
final class VolumeCreateCommand extends AbstractVolumeCommand {

    @Option(names = "--size", required = true, paramLabel = "SIZE", description = "size, e.g. 10G, 512M (binary units)")
    String size;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        long bytes = Sizes.parse(size);
        VolumeRef ref = volume(backend);
        if (backend.find(ref).isPresent()) {
            throw new BackendException(BackendException.Kind.INVALID, "volume " + ref + " already exists");
        }
        print(VolumesCommand.table(List.of(backend.create(ref, bytes))));
        return ExitCode.OK;
    }
}
