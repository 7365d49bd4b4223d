package io.storagedrivers.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command of a driver jar: it only holds subcommands, so running it alone is a usage error. */
public abstract class RootCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        throw Usage.missingCommand(spec);
    }

    /*
     * A class of its own, loaded only when run() runs: with `throw new ParameterException` here,
     * verifying RootCommand loaded picocli's exception classes on every cold start of a driver
     * main, from the jar (picocli's class files are of a version the CDS archive cannot hold).
     */
    private static final class Usage {
        static RuntimeException missingCommand(CommandSpec spec) {
            return new ParameterException(spec.commandLine(), "missing command");
        }
    }
}
