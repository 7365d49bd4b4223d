package io.storagedrivers.linstor.sim;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ManifestVersion;
import io.storagedrivers.cli.RootCommand;
import picocli.CommandLine.Command;

/**
 * Entry point of linstor-sim.jar (test support, never installed): {@code sim-controller} runs the
 * simulated LINSTOR controller that tests, scripts/demo.sh and scripts/bench.sh drive the linstor
 * driver and the bridge against.
 */
@Command(name = "linstor-sim", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Simulated LINSTOR controller for tests, demos and benchmarks.",
        subcommands = {SimControllerCommand.class})
public final class LinstorSimMain extends RootCommand {

    public static void main(String[] args) {
        System.exit(DriverMain.run(new LinstorSimMain(), args));
    }
}
