package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.Validate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code activate}: makes a volume usable on a host and prints its device path there. */
@Command(name = "activate", mixinStandardHelpOptions = true,
        description = "Activate (attach) a volume on a host; prints the device path on that host.")
final class ActivateCommand extends AbstractVolumeCommand {

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "host name (as in OpenNebula / the SSH config)")
    String host;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = existingVolume(backend);
        String device = backend.attach(ref, Validate.hostName(host));
        print(new Table(Table.Column.text("pool"), Table.Column.text("name"), Table.Column.text("host"),
                Table.Column.text("device")).row(ref.pool(), ref.name(), host, device));
        return ExitCode.OK;
    }
}
