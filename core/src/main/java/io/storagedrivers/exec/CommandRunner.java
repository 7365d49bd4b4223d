package io.storagedrivers.exec;

/**
 * Runs commands somewhere (this machine, or a host over SSH).
 *
 * <p>{@link #run} throws {@link CommandFailedException} for a non-zero exit; {@link #execute}
 * returns the result whatever the exit code (still throwing for timeouts, start and connection
 * failures). Both honour the command's timeout and output cap.
 */
public interface CommandRunner extends AutoCloseable {

    /** Where commands run: "local" or the host name. */
    String where();

    /**
     * Whether commands run as root there: this process's user for the local runner, the SSH user
     * for a host. Runners that cannot tell say yes (what the drivers assumed before hosts were
     * reached as the OpenNebula user).
     */
    default boolean runsAsRoot() {
        return true;
    }

    /** Runs and returns the result whatever the exit code. */
    CommandResult execute(Command command);

    /** Runs and fails with {@link CommandFailedException} unless the exit code is 0. */
    default CommandResult run(Command command) {
        CommandResult r = execute(command);
        if (!r.ok()) {
            throw new CommandFailedException(CommandFailedException.Reason.EXIT_CODE, where(), command,
                    r.exitCode(), r.stdout(), r.stderr(), null, null);
        }
        return r;
    }

    /**
     * Runs {@code command} with its standard input read from {@code stdin} while the program runs,
     * for data too large to hold in memory (an image streamed into {@code dd}). The command must
     * not carry stdin bytes of its own. Returns the result whatever the exit code. Runners that
     * cannot stream throw {@link UnsupportedOperationException}.
     */
    default CommandResult execute(Command command, java.io.InputStream stdin) {
        throw new UnsupportedOperationException("runner for " + where() + " cannot stream standard input");
    }

    /** {@link #execute(Command, java.io.InputStream)} that fails unless the exit code is 0. */
    default CommandResult run(Command command, java.io.InputStream stdin) {
        CommandResult r = execute(command, stdin);
        if (!r.ok()) {
            throw new CommandFailedException(CommandFailedException.Reason.EXIT_CODE, where(), command,
                    r.exitCode(), r.stdout(), r.stderr(), null, null);
        }
        return r;
    }

    /**
     * Runs {@code commands} in order, stopping at the first that fails, exactly as {@link #run}
     * one after the other would (that failure is thrown, the later commands never start); returns
     * the results of all of them. Remote runners send them as ONE request (one round trip), so an
     * action needs one exchange per host however many commands it runs there. Commands here must
     * not carry stdin bytes.
     */
    default java.util.List<CommandResult> runAll(java.util.List<Command> commands) {
        java.util.List<CommandResult> out = new java.util.ArrayList<>();
        for (Command c : commands) {
            out.add(run(c));
        }
        return out;
    }

    @Override
    default void close() {
    }
}
