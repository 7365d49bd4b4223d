package io.storagedrivers.cli.storage;

import io.storagedrivers.cli.ExitCode;

/** A failure the CLI itself detects (bad options, refused confirmation): one stderr line and its exit code. */
final class CliException extends RuntimeException {

    private final ExitCode code;

    CliException(ExitCode code, String message) {
        super(message);
        this.code = code;
    }

    static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    ExitCode code() {
        return code;
    }
}
