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

    @Override
    default void close() {
    }
}
