package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.validate.Validate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code host-release}: records a host that is gone for good, after the backend checked that it
 * does not answer, so that detaching volumes there succeeds and it no longer blocks deletes (a TM
 * delete of a VM on a dead host can then finish). {@code --rejoin} undoes it.
 */
@Command(name = "host-release", mixinStandardHelpOptions = true,
        description = {"Release a host that is gone for good (powered off, fenced): detaching its volumes then succeeds"
                + " without it and it no longer blocks deletes. Refused while the host answers.",
                "--rejoin undoes it (the host came back with nothing active)."})
final class HostReleaseCommand extends AbstractStorageCommand {

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "host name")
    String host;

    @Option(names = "--pool", paramLabel = "POOL", description = "pool (default: the only one)")
    String pool;

    @Option(names = "--rejoin", description = "undo a release: the host counts again")
    boolean rejoin;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;

    @Override
    protected ExitCode execute(VolumeBackend backend) {
        String h = Validate.hostName(host);
        String p = pool(backend, pool);
        if (rejoin) {
            backend.rejoinHost(p, h);
            out().println("host " + h + " rejoined pool " + p);
        } else {
            confirm(force, "release host " + h + " from pool " + p + " (only if it is powered off or fenced)");
            backend.releaseHost(p, h);
            out().println("host " + h + " released from pool " + p + ": its volumes count as detached there");
        }
        return ExitCode.OK;
    }
}
