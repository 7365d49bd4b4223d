package io.storagedrivers.cli.storage;

import java.io.Console;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code storage} command takes from its surroundings: the environment (backend URI,
 * settings, the {@code onevm} program) and a terminal to ask for confirmation. Tests pass their own.
 *
 * @param env      environment variables
 * @param terminal asks a yes/no question; empty when there is no terminal (cron, pipes, CI)
 */
record StorageContext(Map<String, String> env, Terminal terminal) {

    /** A yes/no question to a person. */
    interface Terminal {
        /** Empty when nobody can answer (no terminal); otherwise the answer. */
        Optional<Boolean> confirm(String question);
    }

    static StorageContext system() {
        return new StorageContext(System.getenv(), StorageContext::askConsole);
    }

    private static Optional<Boolean> askConsole(String question) {
        Console c = System.console();
        if (c == null) {
            return Optional.empty();
        }
        String answer = c.readLine("%s [y/N] ", question);
        return Optional.of(answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes")));
    }
}
