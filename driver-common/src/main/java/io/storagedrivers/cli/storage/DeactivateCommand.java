package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.Validate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deactivate}: releases a volume on a host (a VM using it there would lose its disk). */
@Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate (detach) a volume on a host.")
final class DeactivateCommand extends AbstractStorageCommand {

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "volume name")
    String name;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "host name")
    String host;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        VolumeRef ref = ref(backend, pool, name);
        backend.find(ref).orElseThrow(() -> BackendException.notFound("volume " + ref));
        backend.detach(ref, checkHost(host));
        return ExitCode.OK;
    }

    static String checkHost(String host) {
        return Validate.hostName(host);
    }
}
