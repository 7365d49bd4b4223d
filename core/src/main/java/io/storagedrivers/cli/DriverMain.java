package io.storagedrivers.cli;

import java.io.PrintWriter;

import io.storagedrivers.validate.Printable;
import picocli.CommandLine;

/**
 * The thin part of every jar's main (PMD's pattern): build the picocli command, run it, map
 * exceptions to exit codes, and never print a stack trace unless asked ({@code --debug} or
 * {@code STORAGE_DRIVERS_DEBUG=1}).
 */
public final class DriverMain {

    private DriverMain() {
    }

    /** Runs {@code root} with {@code args} and returns the exit code; {@code main} only calls System.exit. */
    public static int run(Object root, String... args) {
        return run(new CommandLine(root), args);
    }

    /** {@link #run(Object, String...)} on a prepared command line (tests give it their streams). */
    public static int run(CommandLine cl, String... args) {
        cl.setExitCodeExceptionMapper(t -> ExitCode.FAILED.code());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println(firstLine(msg));
            if (debugEnabled()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCode.FAILED.code();
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            // one line, as every error: the usage hint goes on it
            err.println(firstLine(ex.getMessage()) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCode.USAGE.code();
        });
        return cl.execute(args);
    }

    /**
     * Child processes started with vfork + exec instead of the JDK 17 default (posix_spawn of the
     * {@code jspawnhelper} program, which then execs the command): one exec less per command,
     * measured ~1 ms of CPU and wall per process in a warm JVM. The JDKs up to 21 support it on
     * Linux; later ones keep their default, and so does an explicit
     * {@code -Djdk.lang.Process.launchMechanism}. Call first in main, before any process starts.
     */
    public static void preferVfork() {
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null && Runtime.version().feature() <= 21
                && "Linux".equals(System.getProperty("os.name"))) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
    }

    public static boolean debugEnabled() {
        String v = System.getenv("STORAGE_DRIVERS_DEBUG");
        return v != null && !v.isEmpty() && !"0".equals(v);
    }

    /**
     * Messages must be one line: OpenNebula joins stderr lines without a separator. The first
     * line of {@code msg}, made printable ({@link Printable#line}: control characters escaped,
     * cut when long).
     */
    public static String firstLine(String msg) {
        if (msg == null) {
            return "";
        }
        String s = msg.strip();
        int nl = s.indexOf('\n');
        return Printable.line(nl < 0 ? s : s.substring(0, nl));
    }

    /** Version from the jar manifest (Implementation-Version), "dev" when run from classes. */
    public static String version(Class<?> c) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
