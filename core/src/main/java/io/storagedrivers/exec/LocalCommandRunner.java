package io.storagedrivers.exec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs commands on this machine with Apache Commons Exec: never through a shell, every argument
 * added with {@code handleQuoting=false} so it reaches the program byte for byte.
 */
public final class LocalCommandRunner implements CommandRunner {

    @Override
    public String where() {
        return "local";
    }

    @Override
    public boolean runsAsRoot() {
        return Privilege.isRoot();
    }

    @Override
    public CommandResult execute(Command command) {
        return executeWith(command, command.stdin() == null ? null : new ByteArrayInputStream(command.stdin()));
    }

    @Override
    public CommandResult execute(Command command, InputStream stdin) {
        if (command.stdin() != null) {
            throw new IllegalArgumentException("command has stdin bytes and a stdin stream: " + command.printable());
        }
        return executeWith(command, stdin);
    }

    private CommandResult executeWith(Command command, InputStream stdin) {
        CommandLine line = new CommandLine(command.program());
        for (String arg : command.argv().subList(1, command.argv().size())) {
            line.addArgument(arg, false);
        }
        CappedOutputStream out = new CappedOutputStream(command.outputCap());
        CappedOutputStream err = new CappedOutputStream(command.outputCap());
        PumpStreamHandler streams = new PumpStreamHandler(out, err, stdin);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(command.timeout()).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(streams);
        executor.setWatchdog(watchdog);
        executor.setExitValues(null); // every exit code is a result; we judge it ourselves

        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(command.env());
        int exit;
        try {
            exit = executor.execute(line, env);
        } catch (IOException e) {
            if (watchdog.killedProcess()) {
                throw new CommandFailedException(CommandFailedException.Reason.TIMEOUT, where(), command, -1,
                        out.text(), err.text(), null, null);
            }
            throw new CommandFailedException(CommandFailedException.Reason.START_FAILED, where(), command, -1,
                    "", err.text(), e.getMessage(), e);
        }
        if (watchdog.killedProcess()) {
            throw new CommandFailedException(CommandFailedException.Reason.TIMEOUT, where(), command, -1,
                    out.text(), err.text(), null, null);
        }
        if (out.overflowed() || err.overflowed()) {
            throw new CommandFailedException(CommandFailedException.Reason.OUTPUT_TOO_LARGE, where(), command,
                    exit, out.text(), err.text(), null, null);
        }
        return new CommandResult(command, exit, out.bytes(),
                new String(err.bytes(), StandardCharsets.UTF_8), false);
    }
}
