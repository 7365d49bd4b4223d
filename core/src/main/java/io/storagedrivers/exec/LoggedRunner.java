package io.storagedrivers.exec;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** A runner that writes every command it runs to a {@link CommandLog}; made by {@link CommandLog#wrap}. */
final class LoggedRunner implements CommandRunner {
    private final CommandRunner runner;
    private final CommandLog log;

    LoggedRunner(CommandRunner runner, CommandLog log) {
        this.runner = runner;
        this.log = log;
    }

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
        return logged(command, () -> runner.execute(command));
    }

    @Override
    public CommandResult run(Command command) {
        return logged(command, () -> runner.run(command));
    }

    @Override
    public CommandResult execute(Command command, InputStream stdin) {
        return logged(command, () -> runner.execute(command, stdin));
    }

    @Override
    public CommandResult run(Command command, InputStream stdin) {
        return logged(command, () -> runner.run(command, stdin));
    }

    /** A batch is one request: each command is logged with the batch's duration. */
    @Override
    public List<CommandResult> runAll(List<Command> commands) {
        long t0 = System.nanoTime();
        try {
            List<CommandResult> results = runner.runAll(commands);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            for (CommandResult r : results) {
                log.record(where(), r.command().printable(), "exit " + r.exitCode() + " (batch of " + commands.size() + ")", took);
            }
            return results;
        } catch (CommandFailedException e) {
            log.record(where(), e.printableCommand(), outcome(e) + " (batch of " + commands.size() + ")",
                    Duration.ofNanos(System.nanoTime() - t0));
            throw e;
        }
    }

    @Override
    public void close() {
        runner.close();
    }

    private CommandResult logged(Command command, Supplier<CommandResult> call) {
        long t0 = System.nanoTime();
        try {
            CommandResult r = call.get();
            log.record(where(), command.printable(), "exit " + r.exitCode(), Duration.ofNanos(System.nanoTime() - t0));
            return r;
        } catch (CommandFailedException e) {
            log.record(where(), command.printable(), outcome(e), Duration.ofNanos(System.nanoTime() - t0));
            throw e;
        } catch (RuntimeException e) {
            log.record(where(), command.printable(), "failed (" + e.getClass().getSimpleName() + ")",
                    Duration.ofNanos(System.nanoTime() - t0));
            throw e;
        }
    }

    private static String outcome(CommandFailedException e) {
        return e.reason() == CommandFailedException.Reason.EXIT_CODE ? "exit " + e.exitCode()
                : "failed (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
