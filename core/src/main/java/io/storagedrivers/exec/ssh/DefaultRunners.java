package io.storagedrivers.exec.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandLog;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.validate.Validate;

/**
 * The process's runners: one {@link LocalCommandRunner}, and one {@link SshCommandRunner} (one SSH
 * connection) per host name, created on first use. A host name that is this machine
 * ("localhost", 127.0.0.1, ::1 or this machine's host name) runs locally without SSH. Runners
 * handed out here are owned by this object: closing them does nothing, {@link #close()} closes
 * every SSH connection. Every command they run goes to the {@link CommandLog} when it is on.
 */
public final class DefaultRunners implements Runners {

    private final CommandLog log = CommandLog.global();
    private final CommandRunner local = log.wrap(new LocalCommandRunner());
    private final Supplier<SshConfig> configSource;
    private SshConfig config; // read on first host() call, guarded by this
    private final Set<String> localNames;
    private final Map<String, SshCommandRunner> hosts = new ConcurrentHashMap<>();

    public DefaultRunners(SshConfig config, Set<String> localNames) {
        this(() -> config, localNames);
    }

    /** {@code configSource} is called once, when the first remote host is asked for. */
    public DefaultRunners(Supplier<SshConfig> configSource, Set<String> localNames) {
        this.configSource = configSource;
        this.localNames = Set.copyOf(localNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * SSH config from the environment ({@link SshConfig#fromEnvironment}, read only when a remote
     * host is first used, so purely local actions never depend on it), local names from this machine.
     */
    public static DefaultRunners fromEnvironment() {
        return new DefaultRunners(SshConfig::fromEnvironment, thisMachine());
    }

    /**
     * localhost, the loopback addresses and this machine's host name (full, and short when it has a
     * domain). A fully qualified name on a machine whose name is short goes over SSH (still correct).
     */
    static Set<String> thisMachine() {
        String name = "";
        try {
            // the kernel's name for this UTS namespace; no DNS lookup
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            name = env == null ? "" : env.strip();
        }
        Set<String> names = new java.util.HashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        if (!name.isEmpty()) {
            names.add(name);
            int dot = name.indexOf('.');
            if (dot > 0) {
                names.add(name.substring(0, dot)); // "node1" on node1.example.com
            }
        }
        return names;
    }

    boolean isLocal(String host) {
        return localNames.contains(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public CommandRunner local() {
        return local;
    }

    @Override
    public CommandRunner host(String host) {
        Validate.hostName(host);
        if (isLocal(host)) {
            return local;
        }
        return log.wrap(new Shared(sshRunner(host)));
    }

    /** Opens {@code host}'s connection in the background; nothing for this machine or a bad name. */
    @Override
    public void connectAhead(String host) {
        if (Validate.isHostName(host) && !isLocal(host)) {
            sshRunner(host).connectAhead();
        }
    }

    private SshCommandRunner sshRunner(String host) {
        SshConfig cfg = config();
        return hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new SshCommandRunner(cfg.resolve(host)));
    }

    /** The SSH config's concrete Host names that are valid host names and not this machine. */
    @Override
    public java.util.List<String> knownHosts() {
        return config().hostAliases().stream().filter(h -> !isLocal(h) && Validate.isHostName(h)).toList();
    }

    private synchronized SshConfig config() {
        if (config == null) {
            config = configSource.get();
        }
        return config;
    }

    @Override
    public void close() {
        hosts.values().forEach(SshCommandRunner::close);
        hosts.clear();
    }

    /** A view whose close() leaves the shared connection open. */
    private record Shared(SshCommandRunner runner) implements CommandRunner {
        @Override
        public String where() {
            return runner.where();
        }

        @Override
        public boolean runsAsRoot() {
            return runner.runsAsRoot();
        }

        @Override
        public CommandResult execute(Command command) {
            return runner.execute(command);
        }

        @Override
        public CommandResult execute(Command command, java.io.InputStream stdin) {
            return runner.execute(command, stdin);
        }

        @Override
        public java.util.List<CommandResult> runAll(java.util.List<Command> commands) {
            return runner.runAll(commands);
        }

        @Override
        public void close() {
            // owned by DefaultRunners
        }
    }
}
