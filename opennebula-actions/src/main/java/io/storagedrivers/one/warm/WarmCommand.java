package io.storagedrivers.one.warm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.storagedrivers.one.OneCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warm-serve --socket PATH}: the warm driver service of a driver jar ({@link WarmServer});
 * the shims start it on demand, or systemd does (examples/storage-drivers-warm@.service). A
 * driver subclasses it naming its {@code ds} and {@code tm} commands.
 */
@Command(name = "warm-serve", mixinStandardHelpOptions = true,
        description = {"Runs the driver's actions for the shims from one warm JVM (docs/operator-guide.md, The warm driver service).",
                "Leaves after --idle seconds without a request, and when its jar changes."})
public abstract class WarmCommand implements Callable<Integer> {

    @Option(names = "--socket", required = true, paramLabel = "PATH",
            description = "the Unix socket to serve on; its directory must be private to this user (0700)")
    Path socket;

    @Option(names = "--idle", paramLabel = "SECONDS", description = "leave after this long without a request"
            + " (default: $STORAGE_DRIVERS_WARM_IDLE, else 600)")
    Long idleSeconds;

    @Option(names = "--action-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "an action still running after this long is interrupted (default: ${DEFAULT-VALUE})")
    long actionTimeoutSeconds;

    /** The {@code ds} and {@code tm} commands of the driver, by name. */
    protected abstract Map<String, OneCommand> kinds();

    @Override
    public Integer call() throws Exception {
        long idle = idleSeconds != null ? idleSeconds
                : Long.parseLong(System.getenv().getOrDefault("STORAGE_DRIVERS_WARM_IDLE", "600"));
        return new WarmServer(socket, kinds(), Duration.ofSeconds(idle), Duration.ofSeconds(actionTimeoutSeconds),
                System.err).serve();
    }
}
