package io.storagedrivers.cli.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;

import io.storagedrivers.cli.ExitCode;
import picocli.CommandLine;

/**
 * Runs the whole {@code storage} command in-process with captured streams, a given environment and
 * a scripted terminal, and checks the exit code (PMD's BaseCliTest).
 */
abstract class BaseStorageCliTest {

    @TempDir
    Path dir;

    /** Environment of the next run; STORAGE_URI points at a fresh simulator. */
    final Map<String, String> env = new HashMap<>();

    /** Answers of the terminal; empty = no terminal. */
    Optional<Boolean> terminalAnswer = Optional.empty();
    final List<String> questions = new ArrayList<>();

    record Result(int exitCode, String out, String err) {
    }

    void useSim(String query) {
        env.put("STORAGE_URI", "sim://" + dir.resolve("state.json") + query);
    }

    Result run(ExitCode expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        StorageContext ctx = new StorageContext(Map.copyOf(env), q -> {
            questions.add(q);
            return terminalAnswer;
        });
        CommandLine cl = new CommandLine(new StorageCommand(ctx));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        Result r = new Result(code, out.toString(), err.toString());
        assertEquals(expected.code(), code, () -> "exit code of " + String.join(" ", args) + "\nstdout: " + r.out
                + "\nstderr: " + r.err);
        return r;
    }
}
