package io.storagedrivers.exec;

/**
 * Where commands can run: on this machine (the frontend, where every LVM metadata change happens)
 * or on a named host over SSH. One instance per process; {@link #host} returns the same runner
 * (one SSH connection) for every call with the same name, and {@link #close} releases them all.
 */
public interface Runners extends AutoCloseable {

    /** Runs on the machine the driver runs on. */
    CommandRunner local();

    /**
     * Runs on {@code host} (a name from OpenNebula, resolved through the user's SSH config), or
     * locally when {@code host} names this machine.
     */
    CommandRunner host(String host);

    /**
     * The remote hosts this process knows by name without being told (the concrete Host entries of
     * the SSH config), this machine left out; empty when there is no such list.
     */
    default java.util.List<String> knownHosts() {
        return java.util.List.of();
    }

    /**
     * A hint that commands will soon run on {@code host}: a runner that has to connect may start
     * now, in the background, while the caller does other work. It never fails; a connect that
     * fails is reported by the host's first command, as if that command had connected itself.
     */
    default void connectAhead(String host) {
    }

    @Override
    void close();
}
