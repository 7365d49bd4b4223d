package io.storagedrivers.one;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.exec.Runners;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

/**
 * The {@code ds <action> args...} and {@code tm <action> args...} subcommands of a driver jar, as
 * the shims call them. Everything after the action name is passed on untouched (oned's arguments
 * may start with '-', e.g. a snapshot id -1). A driver subclasses this with a no-argument
 * constructor that names its profile.
 */
@Command(modelTransformer = OneCommand.RawArguments.class, usageHelpAutoWidth = true)
public abstract class OneCommand implements Callable<Integer> {

    /** Opens the driver's profile for one action. */
    @FunctionalInterface
    public interface ProfileFactory {
        OneDriverProfile open(Runners runners, Map<String, String> env);
    }

    @Parameters(index = "0", paramLabel = "ACTION", description = "the OpenNebula action (see the list above)")
    String action;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "the action's arguments, exactly as oned passes them")
    List<String> args = new ArrayList<>();

    private final String kind;
    private final Map<String, OneAction> actions;
    private final ProfileFactory profiles;
    private final Supplier<Runners> runners;

    protected OneCommand(String kind, Map<String, OneAction> actions, ProfileFactory profiles, Supplier<Runners> runners) {
        this.kind = kind;
        this.actions = Map.copyOf(actions);
        this.profiles = profiles;
        this.runners = runners;
    }

    @Override
    public Integer call() {
        return runWithProcessStreams(action, args);
    }

    private int runWithProcessStreams(String name, List<String> arguments) {
        PrintStream out = System.out;
        // nothing but the reply may reach stdout: stray prints of any library go to stderr
        System.setOut(System.err);
        try {
            return run(name, arguments, out, System.err, System.in, System.getenv());
        } finally {
            System.setOut(out);
        }
    }

    /**
     * A main's short way for what the shims run, {@code ds|tm ACTION ARGS...}: straight to the
     * action, as the warm service runs it, without building the picocli command tree (picocli's
     * ~170 classes are a class-file version the CDS archive cannot hold: ~10 % of a cold action's
     * start). The exit code, or empty for anything else (help, options, other commands), which
     * goes through picocli as before. What reaches the action is what picocli would pass it:
     * everything after the action name, verbatim ({@link RawArguments}).
     */
    public static java.util.OptionalInt runDirect(String[] argv, Supplier<? extends OneCommand> ds,
                                                  Supplier<? extends OneCommand> tm) {
        if (argv.length < 2 || !argv[1].matches("[a-z][a-z_]{0,39}")) {
            return java.util.OptionalInt.empty();
        }
        Supplier<? extends OneCommand> kind = switch (argv[0]) {
            case "ds" -> ds;
            case "tm" -> tm;
            default -> null;
        };
        if (kind == null) {
            return java.util.OptionalInt.empty();
        }
        OneCommand command = kind.get();
        return java.util.OptionalInt.of(command.runWithProcessStreams(argv[1], List.of(argv).subList(2, argv.length)));
    }

    /** Runs one action with explicit streams (tests call this in-process). Returns the exit code. */
    public int run(String name, List<String> arguments, PrintStream out, PrintStream err, InputStream in,
                   Map<String, String> env) {
        return run(name, arguments, out, err, in, env, runners);
    }

    /**
     * {@link #run(String, List, PrintStream, PrintStream, InputStream, Map)} with the runners of
     * {@code shared} (the warm service's: their SSH sessions outlive the action), which the action
     * closes as it always does: pass runners whose close keeps what must stay open.
     */
    public int run(String name, List<String> arguments, PrintStream out, PrintStream err, InputStream in,
                   Map<String, String> env, Supplier<Runners> runners) {
        OneAction a = actions.get(name);
        if (a == null) {
            err.print("unknown " + kind + " action '" + OneXml.clip(name) + "' (known: "
                    + String.join(" ", new java.util.TreeSet<>(actions.keySet())) + ")\n");
            return ExitCode.USAGE.code();
        }
        boolean debug = "1".equals(env.get("STORAGE_DRIVERS_DEBUG"));
        int vmId = kind.endsWith("tm") ? tmVmId(name, arguments) : -1;
        Reply reply = new Reply(out, err, kind + "/" + name, debug, vmId);
        try (Runners r = runners.get(); OneDriverProfile profile = profiles.open(r, env)) {
            profile.noticesTo(err, vmId);
            a.run(arguments, new ActionContext(profile, r, new OneCli(r.local(), env), reply, in, env));
            return ExitCode.OK.code();
        } catch (Throwable t) { // the reply rules hold for every failure, errors included
            return reply.fail(t);
        }
    }

    /**
     * The VM id among a TM action's arguments (OpenNebula's argument orders), -1 when it has none
     * (monitor) or it is not a number: log lines carry it so that they reach the VM's log.
     */
    static int tmVmId(String action, List<String> args) {
        int at = switch (action) {
            case "monitor", "monitor_ds" -> -1;
            case "restore" -> 1;
            case "premigrate", "postmigrate", "failmigrate" -> 3;
            default -> args.size() - 2;
        };
        if (at < 0 || at >= args.size() || !args.get(at).matches("[0-9]{1,9}")) {
            return -1;
        }
        return Integer.parseInt(args.get(at));
    }

    /** Used by {@link DriverMain}-style mains and tests to list the actions. */
    public Map<String, OneAction> actions() {
        return actions;
    }

    /** Stops option parsing after the action name: the rest is oned's, verbatim. */
    public static final class RawArguments implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true).unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }
}
