package io.storagedrivers.cds;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClassesByNameTest {

    /** Set when {@link Probe} is initialised: loading by name must not initialise. */
    static boolean probeInitialised;

    static final class Probe {
        static {
            probeInitialised = true;
        }
    }

    @Test
    void loadsWithoutInitialisingAndSkipsNamesNoClassHas() {
        ClassesByName.load(List.of("io.storagedrivers.cds.ClassesByNameTest$Probe", "no.such.Class", "java.lang.String"),
                ClassesByNameTest.class.getClassLoader());
        assertFalse(probeInitialised, "loading by name ran the class's initialiser");
    }
}
