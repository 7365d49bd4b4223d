package io.storagedrivers.exec;

import java.nio.charset.StandardCharsets;

/** Exit code and captured output of a finished command. Output beyond the cap is cut and flagged. */
public record CommandResult(Command command, int exitCode, byte[] stdoutBytes, String stderr, boolean truncated) {

    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
