package io.storagedrivers.sharedlvm.one;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ManifestVersion;
import io.storagedrivers.cli.RootCommand;
import picocli.CommandLine.Command;

/** Entry point of shared-lvm-driver.jar: only builds the command tree and exits with its code. */
@Command(name = "shared-lvm-driver", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "OpenNebula shared_lvm datastore and transfer-manager driver.",
        subcommands = {SharedLvmCommands.Ds.class, SharedLvmCommands.Tm.class, SharedLvmCommands.Warm.class,
                io.storagedrivers.cli.storage.StorageCommand.class,
                io.storagedrivers.install.OnedConfCommand.class, io.storagedrivers.doctor.DoctorCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the action failed (one line on stderr says why)",
                "2:usage error (unknown command, bad option or argument)"})
public final class SharedLvmMain extends RootCommand {

    public static void main(String[] args) {
        DriverMain.preferVfork();
        if (args.length == 1 && args[0].equals(io.storagedrivers.one.cds.CdsTraining.VERB)) {
            System.exit(io.storagedrivers.one.cds.CdsTraining.main(SharedLvmTraining.driver()));
        }
        // what the shims run goes straight to the action; help, options and other commands through picocli
        java.util.OptionalInt direct = io.storagedrivers.one.OneCommand.runDirect(args, SharedLvmCommands.DS,
                SharedLvmCommands.TM);
        System.exit(direct.isPresent() ? direct.getAsInt() : DriverMain.run(new SharedLvmMain(), args));
    }
}
