package io.storagedrivers.install;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ManifestVersion;
import io.storagedrivers.cli.RootCommand;
import picocli.CommandLine.Command;

/**
 * The oned.conf editor on its own, for a class path of several driver jars:
 * {@code java -cp shared-lvm-driver.jar:linstor-driver.jar io.storagedrivers.install.OnedConfMain
 * oned-conf register FILE}. Each jar adds its driver's registration ({@link RegistrationProvider});
 * {@code java -jar <driver>.jar oned-conf} knows only its own driver.
 */
@Command(name = "oned-conf-main", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Register the drivers on the class path in oned.conf.", subcommands = {OnedConfCommand.class})
public final class OnedConfMain extends RootCommand {

    public static void main(String[] args) {
        System.exit(DriverMain.run(new OnedConfMain(), args));
    }
}
