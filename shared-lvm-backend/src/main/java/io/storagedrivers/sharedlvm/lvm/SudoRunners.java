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
 * On the frontend the driver runs as the OpenNebula user ({@code oneadmin}), and LVM needs root:
 * every LVM command that runs on this machine goes through {@code sudo -n} (the sudoers file
 * install.sh --frontend installs allows exactly those command lines). Nothing to configure: it
 * follows from who runs the driver. Commands sent to hosts are left alone (they run as the SSH
 * user there; {@code LVM_COMMAND_PREFIX} of the driver config file covers a non-root SSH user).
 */
public final class SudoRunners implements Runners {
    static final List<String> SUDO = List.of("sudo", "-n");

    private final Runners delegate;
    private final CommandRunner local;

    private SudoRunners(Runners delegate, Set<String> lvmPrograms) {
        this.delegate = delegate;
        this.local = new SudoRunner(delegate.local(), lvmPrograms);
    }

    /** {@code runners} itself when this process is root, else a view whose local runner adds sudo. */
    public static Runners whenNotRoot(Runners runners, LvmTools tools) {
        return whenNotRoot(runners, tools, Privilege.isRoot());
    }

    static Runners whenNotRoot(Runners runners, LvmTools tools, boolean root) {
        return root || runners instanceof SudoRunners ? runners : new SudoRunners(runners, new HashSet<>(tools.paths().values()));
    }

    @Override
    public CommandRunner local() {
        return local;
    }

    @Override
    public CommandRunner host(String host) {
        CommandRunner r = delegate.host(host);
        return r == delegate.local() ? local : r;
    }

    @Override
    public List<String> knownHosts() {
        return delegate.knownHosts();
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
