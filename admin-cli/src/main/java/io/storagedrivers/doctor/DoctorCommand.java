package io.storagedrivers.doctor;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.storagedrivers.checks.Check;
import io.storagedrivers.checks.Doctor;
import io.storagedrivers.checks.DoctorChecks;
import io.storagedrivers.checks.DoctorRequest;
import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.ssh.DefaultRunners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doctor}: one line per check ({@code ok} or {@code FAIL} and what), exit 1 if any failed.
 * Run on the frontend (install.sh --frontend runs it last) with the hosts to check over SSH. The
 * checks are the core's (Java, SSH) and those of every driver in the jar ({@link DoctorChecks});
 * this command only runs and prints them.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        // the first line is the summary in the jar's command list: keep it a whole sentence
        description = {"Check this node and its hosts; one line per check, exit 1 if any fails.",
                "Checks: VGs visible, LVM metadata read-only on hosts (tried for real on a throwaway LV),",
                "SSH with verified host keys, sudo rights, Java version."})
public class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vg", paramLabel = "VG", split = ",",
            description = "volume group that every node must see (repeatable)")
    List<String> vgs = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", split = ",",
            description = "host to check over SSH (repeatable; names as in the SSH config)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--no-metadata", description = "this node does not change LVM metadata (a Cinder node "
            + "using LINSTOR, a host): skip the 'metadata writable here' check")
    boolean noMetadata;

    @Option(names = "--thin", description = "the datastores (or bridge backends) of these VGs set LVM_THIN_ENABLE: "
            + "check that every node has thin-provisioning-tools (checked anyway once a shared VG holds a thin pool)")
    boolean thin;

    private final Supplier<Runners> runners;

    public DoctorCommand() {
        this(DefaultRunners::fromEnvironment);
    }

    public DoctorCommand(Supplier<Runners> runners) {
        this.runners = runners;
    }

    /**
     * Checks a jar adds to the common ones (the bridge: its config), each reported to {@code sink};
     * true when all passed.
     */
    protected boolean extraChecks(Consumer<Check> sink) {
        return true;
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean ok;
        // names go into LVM and SSH argument lists: refuse a "-option" before anything runs
        vgs.forEach(io.storagedrivers.validate.Validate::vgName);
        hosts.forEach(io.storagedrivers.validate.Validate::hostName);
        Consumer<Check> print = c -> {
            out.println(c.line());
            out.flush();
        };
        try (Runners r = runners.get()) {
            ok = new Doctor(r, print, DoctorChecks.installed()).run(new DoctorRequest(vgs, hosts, !noMetadata, thin));
        }
        ok &= extraChecks(print);
        return ok ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }
}
