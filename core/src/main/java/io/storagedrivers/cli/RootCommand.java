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
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
