package io.storagedrivers.cinderbridge;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ManifestVersion;
import io.storagedrivers.cli.RootCommand;
import picocli.CommandLine.Command;

/** Entry point of cinder-bridge.jar: only builds the command tree and exits with its code. */
@Command(name = "cinder-bridge", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Serves OpenStack Cinder volume requests on shared LVM and LINSTOR.",
        subcommands = {ServeCommand.class, io.storagedrivers.cli.storage.StorageCommand.class,
                BridgeDoctorCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the action failed (one line on stderr says why)",
                "2:usage error (unknown command, bad option or argument)"})
public final class CinderBridgeMain extends RootCommand {

    public static void main(String[] args) {
        System.exit(DriverMain.run(new CinderBridgeMain(), args));
    }
}
