package io.storagedrivers.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external command: an argument list (never a shell string), extra environment, optional
 * stdin bytes, a timeout and a cap on captured output. Immutable; build with {@link #of} and the
 * {@code with*} methods.
 */
public record Command(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout, int outputCap) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** Like LINSTOR's OutputReceiver: enough for a 10,000-LV report, bounded against runaways. */
    public static final int DEFAULT_OUTPUT_CAP = 16 * 1024 * 1024;

    public Command {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String a : argv) {
            Objects.requireNonNull(a, "null argument in " + argv);
        }
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
    }

    public static Command of(String... argv) {
        return of(Arrays.asList(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null, DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP);
    }

    public Command withEnv(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(name, value);
        return new Command(argv, e, stdin, timeout, outputCap);
    }

    public Command withEnv(Map<String, String> more) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(more);
        return new Command(argv, e, stdin, timeout, outputCap);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, env, input == null ? null : input.clone(), timeout, outputCap);
    }

    public Command withTimeout(Duration t) {
        return new Command(argv, env, stdin, t, outputCap);
    }

    public Command withOutputCap(int cap) {
        return new Command(argv, env, stdin, timeout, cap);
    }

    /** A new command with {@code more} appended to the argument list. */
    public Command plus(String... more) {
        List<String> a = new ArrayList<>(argv);
        a.addAll(Arrays.asList(more));
        return new Command(a, env, stdin, timeout, outputCap);
    }

    public String program() {
        return argv.get(0);
    }

    /** The command quoted like {@code shlex.quote}: for logs and error messages only. */
    public String printable() {
        return ShellQuote.join(argv);
    }

    @Override
    public String toString() {
        return printable();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && argv.equals(c.argv) && env.equals(c.env)
                && Arrays.equals(stdin, c.stdin) && timeout.equals(c.timeout) && outputCap == c.outputCap;
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, env, Arrays.hashCode(stdin), timeout, outputCap);
    }
}
