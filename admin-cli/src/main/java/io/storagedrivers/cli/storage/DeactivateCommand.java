package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.validate.Validate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deactivate}: releases a volume on a host (a VM using it there would lose its disk). */
@Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate (detach) a volume on a host.")
final class DeactivateCommand extends AbstractVolumeCommand {

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "host name")
    String host;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        backend.detach(existingVolume(backend), Validate.hostName(host));
        return ExitCode.OK;
    }
}
