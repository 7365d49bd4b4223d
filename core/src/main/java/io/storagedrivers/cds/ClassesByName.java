package io.storagedrivers.cds;

import java.util.List;

/**
 * The classes a class-data-sharing training run ({@code cds-train}) cannot reach by running code
 * (a real connection, a started process): loaded by name, not initialised, so the archive holds
 * them. Most are JDK internals, so a name another JDK lacks is skipped.
 */
public final class ClassesByName {
    private ClassesByName() {
    }

    /** Loads each of {@code names} with {@code loader}; names no class has are skipped. */
    public static void load(List<String> names, ClassLoader loader) {
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                // another JDK's (or JSch's) internals: nothing to load
            }
        }
    }
}
