package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code activate}: makes a volume usable on a host and prints its device path there. */
@Command(name = "activate", mixinStandardHelpOptions = true,
        description = "Activate (attach) a volume on a host; prints the device path on that host.")
final class ActivateCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "host name (as in OpenNebula / the SSH config)")
    String host;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = ref(backend, pool, name);
        backend.find(ref).orElseThrow(() -> BackendException.notFound("volume " + ref));
        String device = backend.attach(ref, DeactivateCommand.checkHost(host));
        print(new Table(Table.Column.text("pool"), Table.Column.text("name"), Table.Column.text("host"),
                Table.Column.text("device")).row(ref.pool(), ref.name(), host, device));
        return ExitCode.OK;
    }
}
