package io.storagedrivers.doctor;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ManifestVersion;
import io.storagedrivers.cli.RootCommand;
import picocli.CommandLine.Command;

/**
 * {@code doctor} on its own, for a class path of several driver jars:
 * {@code java -cp shared-lvm-driver.jar:linstor-driver.jar io.storagedrivers.doctor.DoctorMain doctor
 * --host h1}. Each jar adds its driver's checks ({@link io.storagedrivers.checks.DoctorChecks}), so
 * one run checks every driver installed (install.sh --frontend runs it so).
 */
@Command(name = "doctor-main", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        description = "Run the doctor with the checks of every driver on the class path.",
        subcommands = {DoctorCommand.class})
public final class DoctorMain extends RootCommand {

    public static void main(String[] args) {
        System.exit(DriverMain.run(new DoctorMain(), args));
    }
}
