package io.storagedrivers.cli.storage;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Template of every verb (PMD's AbstractPmdSubcommand): open the backend named by the URI,
 * {@link #execute} the verb, close the backend, and turn every failure into one stderr line and
 * the documented exit code. Nothing else prints stack traces.
 */
abstract class AbstractStorageCommand implements Callable<Integer> {

    /** What the CLI accepts as a volume, snapshot or pool name before asking the backend. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9+_.-]{0,127}");

    @ParentCommand
    StorageCommand root;

    @Spec
    CommandSpec spec;

    private Map<String, String> settings;

    /** Runs the verb; returns the exit code. */
    protected abstract ExitCode execute(VolumeBackend backend);

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            root.format();
            settings = BackendSettings.load(root.config, root.context.env());
            try (VolumeBackend backend = open(BackendSettings.uri(root.uri, settings))) {
                return execute(backend).code();
            }
        } catch (CliException e) {
            return fail(err, e, e.code());
        } catch (IllegalArgumentException e) {
            return fail(err, e, ExitCode.USAGE);
        } catch (InvalidInputException e) {
            return fail(err, e, ExitCode.USAGE);
        } catch (BackendException e) {
            return fail(err, e, exitCode(e.kind()));
        } catch (CommandFailedException e) {
            return fail(err, e, ExitCode.BACKEND);
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
        }
    }

    /** A URI the providers refuse (unknown scheme, malformed) is the caller's mistake. */
    private VolumeBackend open(String uri) {
        try {
            return Backends.open(uri, settings);
        } catch (BackendException e) {
            if (e.kind() == BackendException.Kind.INVALID) {
                throw CliException.usage(e.getMessage());
            }
            throw e;
        }
    }

    /** The documented mapping of backend failures to exit codes. */
    static ExitCode exitCode(BackendException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> ExitCode.NOT_FOUND;
            case BUSY -> ExitCode.BUSY;
            case BACKEND_ERROR -> ExitCode.BACKEND;
            case INVALID, NO_SPACE, UNSUPPORTED -> ExitCode.FAILED;
        };
    }

    private static int fail(PrintWriter err, Exception e, ExitCode code) {
        err.println(DriverMain.firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if (DriverMain.debugEnabled()) {
            e.printStackTrace(err);
        }
        return code.code();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected void print(Table table) {
        root.format().print(table, out());
    }

    protected Map<String, String> settings() {
        return settings;
    }

    protected StorageContext context() {
        return root.context;
    }

    /** {@code name} checked as a volume/snapshot name (usage error otherwise). */
    static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CliException.usage("invalid " + what + " name '" + name + "'");
        }
        return name;
    }

    /** The pool given with --pool, or the backend's only pool. */
    static String pool(VolumeBackend backend, String option) {
        if (option != null) {
            return checkName("pool", option);
        }
        List<PoolInfo> pools = backend.pools();
        if (pools.size() == 1) {
            return pools.get(0).name();
        }
        throw CliException.usage(pools.isEmpty() ? "the backend has no pools"
                : "the backend has " + pools.size() + " pools (" + String.join(", ", pools.stream().map(PoolInfo::name).toList())
                + "); choose one with --pool");
    }

    static VolumeRef ref(VolumeBackend backend, String pool, String name) {
        return new VolumeRef(pool(backend, pool), checkName("volume", name));
    }

    /**
     * Asks before destroying data. Without a terminal (scripts, cron) the answer is "no" unless
     * {@code --force} was given, so nothing blocks or crashes waiting for input.
     */
    protected void confirm(boolean force, String what) {
        if (force) {
            return;
        }
        boolean yes = context().terminal().confirm(what + "?").orElseThrow(() ->
                CliException.usage("refusing to " + what + " without --force (no terminal to confirm)"));
        if (!yes) {
            throw new CliException(ExitCode.FAILED, "not confirmed: nothing was changed");
        }
    }
}
