package io.storagedrivers.checks;

import java.util.List;
import java.util.function.Consumer;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

/**
 * One doctor run: the checks every node needs (Java here; each host reachable over SSH with a
 * verified host key), then each driver's {@link DoctorChecks} on this node and on every reachable
 * host. Each line is reported as soon as it is known.
 */
public final class Doctor {

    static final int MIN_JAVA = 17;

    private final Runners runners;
    private final Consumer<Check> sink;
    private final List<DoctorChecks> checks;

    public Doctor(Runners runners, Consumer<Check> sink, List<DoctorChecks> checks) {
        this.runners = runners;
        this.sink = sink;
        this.checks = List.copyOf(checks);
    }

    /** @return true when every check passed */
    public boolean run(DoctorRequest request) {
        DoctorNode here = new DoctorNode("frontend", runners.local(), uidZero(runners.local()), sink);
        Runtime.Version v = Runtime.version();
        here.report(v.feature() >= MIN_JAVA, "Java " + v + (v.feature() >= MIN_JAVA ? "" : ", need " + MIN_JAVA + " or newer"));
        checks.forEach(c -> c.here(request, here));
        boolean ok = !here.failed();
        for (String name : request.hosts()) {
            ok &= checkHost(request, name, here);
        }
        return ok;
    }

    private boolean checkHost(DoctorRequest request, String name, DoctorNode here) {
        CommandRunner runner = runners.host(name);
        DoctorNode host;
        try {
            CommandResult id = runner.execute(Command.of("id", "-u").withTimeout(DoctorNode.TIMEOUT));
            host = new DoctorNode(name, runner, id.stdout().strip().equals("0"), sink);
            if (!id.ok()) {
                host.report(false, "SSH reached the host but 'id -u' failed: " + DoctorNode.reason(id));
                return false;
            }
            host.report(true, "SSH reachable, host key verified (uid " + id.stdout().strip() + ")");
        } catch (CommandFailedException e) {
            sink.accept(Check.fail(name + ": SSH: " + DoctorNode.reason(e)));
            return false;
        }
        for (DoctorChecks c : checks) {
            c.host(request, host, here);
        }
        return !host.failed();
    }

    /** Whether commands of {@code runner} run as root; otherwise root's commands go through {@code sudo -n}. */
    private static boolean uidZero(CommandRunner runner) {
        try {
            return runner.execute(Command.of("id", "-u")).stdout().strip().equals("0");
        } catch (CommandFailedException e) {
            return false;
        }
    }
}
