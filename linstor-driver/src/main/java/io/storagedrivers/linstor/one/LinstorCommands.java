package io.storagedrivers.linstor.one;

import io.storagedrivers.exec.ssh.DefaultRunners;
import io.storagedrivers.one.OneCommand;
import io.storagedrivers.one.datastore.DsActions;
import io.storagedrivers.one.tm.TmActions;
import picocli.CommandLine.Command;

/** The {@code ds} and {@code tm} subcommands of linstor-driver.jar, called by the remotes/ shims. */
public final class LinstorCommands {
    private LinstorCommands() {
    }

    @Command(name = "ds", mixinStandardHelpOptions = true,
            description = {"Runs a linstor datastore action as oned calls it: ds ACTION ID, action data on stdin.",
                    "Actions: cp mkfs clone stat rm monitor export snap_delete snap_revert snap_flatten"})
    public static final class Ds extends OneCommand {
        public Ds() {
            super("ds", DsActions.all(), LinstorProfile::new, DefaultRunners::fromEnvironment);
        }
    }

    @Command(name = "tm", mixinStandardHelpOptions = true,
            description = {"Runs a linstor transfer-manager action as oned calls it: tm ACTION ARGS...",
                    "Actions: clone ln mkimage mkswap context mv mvds cpds delete resize premigrate postmigrate"
                            + " failmigrate activate monitor snap_create snap_create_live snap_delete snap_revert (backup actions: not supported)"})
    public static final class Tm extends OneCommand {
        public Tm() {
            super("tm", TmActions.all(), LinstorProfile::new, DefaultRunners::fromEnvironment);
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
