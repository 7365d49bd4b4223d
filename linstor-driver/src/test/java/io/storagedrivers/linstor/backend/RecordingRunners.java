package io.storagedrivers.linstor.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

/** Runners that record each command (where, argv, stdin size) and succeed; no host is touched. */
final class RecordingRunners implements Runners {
    record Call(String where, List<String> argv, long stdinBytes) {
    }

    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    private CommandRunner runner(String where) {
        return new CommandRunner() {
            @Override
            public String where() {
                return where;
            }

            @Override
            public CommandResult execute(Command command) {
                calls.add(new Call(where, command.argv(), 0));
                return new CommandResult(command, 0, new byte[0], "", false);
            }

            @Override
            public CommandResult execute(Command command, InputStream stdin) {
                try {
                    calls.add(new Call(where, command.argv(), stdin.readAllBytes().length));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new CommandResult(command, 0, new byte[0], "", false);
            }
        };
    }

    @Override
    public CommandRunner local() {
        return runner("local");
    }

    @Override
    public CommandRunner host(String host) {
        return runner(host);
    }

    @Override
    public void close() {
    }
}
