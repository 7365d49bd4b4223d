package io.storagedrivers.cli.storage;

import java.util.List;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeInfo;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code volume-resize}: grows a volume (shrinking is refused: it would cut data off). */
@Command(name = "volume-resize", mixinStandardHelpOptions = true, description = "Grow a volume to a new size.")
final class VolumeResizeCommand extends AbstractVolumeCommand {

    @Option(names = "--size", required = true, paramLabel = "SIZE", description = "new size, e.g. 20G")
    String size;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        long bytes = Sizes.parse(size);
        VolumeRef ref = volume(backend);
        VolumeInfo now = requireVolume(backend, ref);
        if (bytes < now.sizeBytes()) {
            throw new BackendException(BackendException.Kind.INVALID, "volume " + ref + " is " + now.sizeBytes()
                    + " bytes; shrinking to " + bytes + " is not supported");
        }
        // hosts where it is attached are made to see the new size (shared LVM: a refresh there)
        print(VolumesCommand.table(List.of(backend.resize(ref, bytes, backend.attachments(ref)))));
        return ExitCode.OK;
    }
}
