package io.storagedrivers.sharedlvm.lvm;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Privilege;
import io.storagedrivers.exec.Runners;

/**
 * LVM needs root; the driver runs as the OpenNebula user ({@code oneadmin}) on the frontend and
 * reaches hosts as whoever its SSH config says ({@code oneadmin} on a site set up as OpenNebula
 * documents). Every LVM command that runs as a non-root user goes through {@code sudo -n}: on this
 * machine when the driver is not root, on a host when its SSH user is not root (the sudoers files
 * of install.sh --frontend and --host allow exactly those command lines). Nothing to configure: it
 * follows from who runs the command. ({@code LVM_COMMAND_PREFIX} of the driver config file still
 * puts other words first, e.g. a wrapper; a command already starting with {@code sudo} is left alone.)
 */
public final class SudoRunners implements Runners {
    static final List<String> SUDO = List.of("sudo", "-n");

    private final Runners delegate;
    private final Set<String> lvmPrograms;
    private final CommandRunner local;

    private SudoRunners(Runners delegate, Set<String> lvmPrograms, boolean root) {
        this.delegate = delegate;
        this.lvmPrograms = lvmPrograms;
        this.local = root ? delegate.local() : new SudoRunner(delegate.local(), lvmPrograms);
    }

    /** A view of {@code runners} whose runners put sudo before LVM programs wherever they run as non-root. */
    public static Runners whenNotRoot(Runners runners, LvmTools tools) {
        return whenNotRoot(runners, tools, Privilege.isRoot());
    }

    static Runners whenNotRoot(Runners runners, LvmTools tools, boolean root) {
        return runners instanceof SudoRunners ? runners
                : new SudoRunners(runners, new HashSet<>(tools.paths().values()), root);
    }

    @Override
    public CommandRunner local() {
        return local;
    }

    @Override
    public CommandRunner host(String host) {
        CommandRunner r = delegate.host(host);
        if (r == delegate.local()) {
            return local;
        }
        return r.runsAsRoot() ? r : new SudoRunner(r, lvmPrograms);
    }

    @Override
    public List<String> knownHosts() {
        return delegate.knownHosts();
    }

    @Override
    public void connectAhead(String host) {
        delegate.connectAhead(host);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The local runner with {@code sudo -n} put before the LVM programs. */
    private record SudoRunner(CommandRunner inner, Set<String> lvmPrograms) implements CommandRunner {

        @Override
        public String where() {
            return inner.where();
        }

        @Override
        public boolean runsAsRoot() {
            return inner.runsAsRoot();
        }

        @Override
        public CommandResult execute(Command c) {
            return inner.execute(sudo(c));
        }

        @Override
        public CommandResult execute(Command c, InputStream stdin) {
            return inner.execute(sudo(c), stdin);
        }

        @Override
        public CommandResult run(Command c) {
            return inner.run(sudo(c));
        }

        @Override
        public CommandResult run(Command c, InputStream stdin) {
            return inner.run(sudo(c), stdin);
        }

        @Override
        public List<CommandResult> runAll(List<Command> commands) {
            return inner.runAll(commands.stream().map(this::sudo).toList());
        }

        @Override
        public void close() {
            inner.close();
        }

        private Command sudo(Command c) {
            if (!lvmPrograms.contains(c.program())) {
                return c;
            }
            List<String> argv = new ArrayList<>(SUDO);
            argv.addAll(c.argv());
            return new Command(argv, c.env(), c.stdin(), c.timeout(), c.outputCap());
        }
    }
}
