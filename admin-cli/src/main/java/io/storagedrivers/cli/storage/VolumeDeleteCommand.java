package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code volume-delete}: removes a volume and its snapshots, after confirmation, and never while it
 * is attached or in use somewhere ({@link VolumeBackend#deleteIfUnused}).
 */
@Command(name = "volume-delete", mixinStandardHelpOptions = true,
        description = {"Delete a volume and its snapshots.",
            "Asks for confirmation on a terminal; without one, refuses unless --force is given.",
            "Refused while the volume is attached/active on a host (exit code 5), or when a host could not"
                + " be asked (exit code 4); --force does not override that."})
final class VolumeDeleteCommand extends AbstractVolumeCommand {

    @Option(names = "--force", description = "do not ask")
    boolean force;

    @Option(names = "--zero", description = "overwrite the data with zeros before removing")
    boolean zero;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = existingVolume(backend);
        confirm(force, "delete volume " + ref);
        backend.deleteIfUnused(ref, zero);
        return ExitCode.OK;
    }
}
