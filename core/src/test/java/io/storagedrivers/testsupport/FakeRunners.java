package io.storagedrivers.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;

/**
 * Fake the runner, not the tool (LINSTOR's TestExtCmd): this machine ({@link #local()}, "local")
 * and named hosts, each answering commands from scripted replies. Every command is recorded per
 * host ({@link Host#calls}) and in one journal of {@code "<where>: <argv>"} lines shared by all
 * hosts, so tests can check what ran where and in which order.
 *
 * <p>A host answers a command with the first unused {@link Host#expect expectation} of the same
 * argv (consumed), else with its {@link Host#otherwise fallback}, else the test fails at once;
 * {@link #verifyAllCalled} reports expectations that never ran. Replies can be an exit code with
 * output, or a failure before the command ran ({@link Reply#unreachable}).
 */
public final class FakeRunners implements Runners {

    /** One command as a host received it; {@code stdinBytes}: the bytes streamed on its stdin, -1 when it got none. */
    public record Call(String where, List<String> argv, long stdinBytes) {
        public String line() {
            return String.join(" ", argv);
        }
    }

    /** What a fake host answers: exit code and output, or a failure (the command never ran). */
    public record Reply(int exit, String stdout, String stderr, CommandFailedException.Reason failure) {
        public static Reply ok(String stdout) {
            return new Reply(0, stdout, "", null);
        }

        public static Reply exit(int exit, String stdout, String stderr) {
            return new Reply(exit, stdout, stderr, null);
        }

        /** SSH could not reach the host. */
        public static Reply unreachable() {
            return unreachable("connection refused");
        }

        /** SSH could not reach the host, for this reason (e.g. its key is unknown). */
        public static Reply unreachable(String why) {
            return new Reply(-1, "", why, CommandFailedException.Reason.CONNECTION_FAILED);
        }

        CommandResult result(String where, Command c) {
            if (failure != null) {
                throw new CommandFailedException(failure, where, c, -1, "", "", stderr, null);
            }
            return new CommandResult(c, exit, stdout.getBytes(StandardCharsets.UTF_8), stderr, false);
        }
    }

    /** Synchronized: backends ask hosts in parallel. */
    public final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    /** What {@link #knownHosts} returns (the SSH config's hosts in production). */
    public final List<String> known = new ArrayList<>();
    private final Host local = new Host("local");
    private final Map<String, Host> hosts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private boolean anyHost;
    private boolean succeedAll;

    /** Hosts not {@link #declare declared} are made on first use (default: they fail the test). */
    public FakeRunners anyHost() {
        anyHost = true;
        return this;
    }

    /**
     * Every host, this machine included and any host name asked for, answers every command it was
     * not told to expect with exit 0 and no output: for tests that only look at what ran.
     */
    public FakeRunners succeedAll() {
        anyHost = true;
        succeedAll = true;
        local.succeedAll();
        hosts.values().forEach(Host::succeedAll);
        return this;
    }

    /** Host {@code name}, made on first call. */
    public Host declare(String name) {
        return hosts.computeIfAbsent(name, n -> succeedAll ? new Host(n).succeedAll() : new Host(n));
    }

    @Override
    public Host local() {
        return local;
    }

    /** "localhost" is this machine, as with DefaultRunners; other names must be declared (or {@link #anyHost}). */
    @Override
    public Host host(String name) {
        if (name.equals("localhost")) {
            return local;
        }
        Host h = anyHost ? declare(name) : hosts.get(name);
        if (h == null) {
            fail("no command expected on host " + name);
        }
        return h;
    }

    /** Every command run anywhere, in order. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The commands run where {@code where} accepts, in order, one line each, a leading {@code sudo -n} left out. */
    public List<String> linesWithoutSudo(java.util.function.Predicate<String> where) {
        List<String> out = new ArrayList<>();
        for (Call c : calls()) {
            if (where.test(c.where())) {
                List<String> a = c.argv();
                out.add(String.join(" ", a.get(0).equals("sudo") ? a.subList(2, a.size()) : a));
            }
        }
        return out;
    }

    public void verifyAllCalled() {
        local.verifyAllCalled();
        hosts.values().forEach(Host::verifyAllCalled);
    }

    @Override
    public List<String> knownHosts() {
        return known;
    }

    @Override
    public void close() {
    }

    /** One fake machine. */
    public final class Host implements CommandRunner {
        private record Expectation(List<String> argv, Reply reply) {
        }

        private final String where;
        private final List<Expectation> expected = new ArrayList<>();
        /** What ran here, in order. */
        public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        /** Bytes received on stdin by streamed commands, in order. */
        public final List<byte[]> streamed = Collections.synchronizedList(new ArrayList<>());
        /**
         * The requests this host got, as the number of commands in each: a {@link #runAll} is one
         * request (an SSH runner sends it as one exec), every other command one of its own.
         */
        public final List<Integer> requests = Collections.synchronizedList(new ArrayList<>());
        private final ThreadLocal<Boolean> inRequest = ThreadLocal.withInitial(() -> false);
        private Function<Call, Reply> otherwise;
        private Consumer<Call> check = c -> { };
        private Function<Command, CommandResult> intercept = c -> null;

        Host(String where) {
            this.where = where;
        }

        public Host expect(List<String> argv, Reply reply) {
            synchronized (expected) {
                expected.add(new Expectation(List.copyOf(argv), reply));
            }
            return this;
        }

        public Host expect(List<String> argv, String stdout) {
            return expect(argv, Reply.ok(stdout));
        }

        public Host expect(List<String> argv, int exit, String stdout, String stderr) {
            return expect(argv, Reply.exit(exit, stdout, stderr));
        }

        /** The command cannot even reach the host. */
        public Host unreachable(List<String> argv) {
            return expect(argv, Reply.unreachable());
        }

        /** Answers commands no expectation matches (null from {@code answer}: fail the test). */
        public Host otherwise(Function<Call, Reply> answer) {
            this.otherwise = answer;
            return this;
        }

        /** Answers every command not expected with exit 0 and no output. */
        public Host succeedAll() {
            return otherwise(c -> Reply.ok(""));
        }

        /** Runs on every command before it is answered (assertions about what may run here). */
        public Host check(Consumer<Call> check) {
            this.check = check;
            return this;
        }

        /**
         * Sees every command first: a non-null result is the answer, and the command is not recorded
         * (the interceptor usually runs another command through {@link #execute}, which is).
         */
        public Host intercept(Function<Command, CommandResult> intercept) {
            this.intercept = intercept;
            return this;
        }

        /** The command lines that ran here, in order. */
        public List<String> lines() {
            synchronized (calls) {
                return calls.stream().map(Call::line).toList();
            }
        }

        @Override
        public String where() {
            return where;
        }

        @Override
        public CommandResult execute(Command command) {
            return answer(command, -1);
        }

        @Override
        public CommandResult execute(Command command, InputStream stdin) {
            byte[] bytes;
            try {
                bytes = stdin.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            streamed.add(bytes);
            return answer(command, bytes.length);
        }

        @Override
        public List<CommandResult> runAll(List<Command> commands) {
            requests.add(commands.size());
            inRequest.set(true);
            try {
                return CommandRunner.super.runAll(commands);
            } finally {
                inRequest.set(false);
            }
        }

        private CommandResult answer(Command command, long stdinBytes) {
            CommandResult intercepted = intercept.apply(command);
            if (intercepted != null) {
                return intercepted;
            }
            if (!inRequest.get()) {
                requests.add(1);
            }
            Call call = new Call(where, command.argv(), stdinBytes);
            calls.add(call);
            FakeRunners.this.calls.add(call);
            journal.add(where + ": " + call.line());
            check.accept(call);
            synchronized (expected) {
                for (Iterator<Expectation> it = expected.iterator(); it.hasNext(); ) {
                    Expectation e = it.next();
                    if (e.argv().equals(command.argv())) {
                        it.remove();
                        return e.reply().result(where, command);
                    }
                }
            }
            Reply r = otherwise == null ? null : otherwise.apply(call);
            if (r == null) {
                return fail("unexpected command on " + where + ": " + command.printable() + "\nstill expected: " + pending());
            }
            return r.result(where, command);
        }

        public void verifyAllCalled() {
            if (!pending().isEmpty()) {
                fail("commands never run on " + where + ": " + pending());
            }
        }

        private List<String> pending() {
            synchronized (expected) {
                return expected.stream().map(e -> String.join(" ", e.argv())).toList();
            }
        }
    }
}
