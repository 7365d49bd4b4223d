package io.storagedrivers.sharedlvm.one;

import java.util.function.Supplier;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.OneCommand.ProfileFactory;
import io.storagedrivers.one.datastore.DsActions;
import io.storagedrivers.one.tm.TmActions;
import picocli.CommandLine.Command;

/** The {@code ds} and {@code tm} subcommands of shared-lvm-driver.jar, called by the remotes/ shims. */
public final class SharedLvmCommands {
    /*
     * The method references a cold action needs, made here in the top-level class: the JDK 17 CDS
     * archive does not keep the lambda classes of a nested class's method references, which a
     * cold JVM then spins at start; these are made in cds-train too, so they are archived
     * (docs/performance.md, "Cold start: what the archive still missed").
     */
    /** The {@code ds} command, for the main's direct path and cds-train. */
    static final Supplier<OneCommand> DS = Ds::new;
    /** The {@code tm} command, likewise. */
    static final Supplier<OneCommand> TM = Tm::new;
    private static final ProfileFactory PROFILE = SharedLvmProfile::new;
    private static final Supplier<Runners> RUNNERS = DefaultRunners::fromEnvironment;

    private SharedLvmCommands() {
    }

    @Command(name = "ds", mixinStandardHelpOptions = true,
            description = {"Runs a shared_lvm datastore action as oned calls it: ds ACTION ID, action data on stdin.",
                    "Actions: cp mkfs clone stat rm monitor export snap_delete snap_revert snap_flatten"})
    public static final class Ds extends OneCommand {
        public Ds() {
            super("ds", DsActions.all(), PROFILE, RUNNERS);
        }
    }

    @Command(name = "tm", mixinStandardHelpOptions = true,
            description = {"Runs a shared_lvm transfer-manager action as oned calls it: tm ACTION ARGS...",
                    "Actions: clone ln mkimage mkswap context mv mvds cpds delete resize premigrate postmigrate"
                            + " failmigrate activate monitor snap_create snap_create_live snap_delete snap_revert (thin volumes on a"
                            + " shared VG) (backup actions: not supported)"})
    public static final class Tm extends OneCommand {
        public Tm() {
            super("tm", TmActions.all(), PROFILE, RUNNERS);
        }
    }

    /** {@code warm-serve}: the warm service running these two commands' actions. */
    @Command(name = "warm-serve")
    public static final class Warm extends io.storagedrivers.one.warm.WarmCommand {
        @Override
        protected java.util.Map<String, OneCommand> kinds() {
            return java.util.Map.of("ds", new Ds(), "tm", new Tm());
        }
    }
}
