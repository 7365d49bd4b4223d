package io.storagedrivers.testsupport;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

/**
 * Runners a test lends to the backends it opens and closes: {@code local()} is {@code local} (this
 * machine's runner, or a VM's when the test plays a frontend running there), hosts are reached
 * through {@code ssh}; {@link #close} leaves everything open for its owner, and no host is known
 * without being named ({@code knownHosts()} is empty: the test names its hosts).
 */
public record LentRunners(CommandRunner local, Runners ssh) implements Runners {

    /** {@code runners}' own local runner and hosts. */
    public static LentRunners of(Runners runners) {
        return new LentRunners(runners.local(), runners);
    }

    @Override
    public CommandRunner host(String host) {
        return ssh.host(host);
    }

    @Override
    public void connectAhead(String host) {
        ssh.connectAhead(host);
    }

    @Override
    public void close() {
        // the owner closes the runners
    }
}
