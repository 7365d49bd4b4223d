package io.storagedrivers.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import io.storagedrivers.spi.BackendProvider;

/**
 * Every URI scheme a backend opens has its entry {@code META-INF/storage-drivers/schemes/<scheme>}
 * in the backend's jar: scripts/storage finds the jar for a URI by that entry's name, without Java.
 */
public final class SchemeMarkers {
    public static final String DIR = "META-INF/storage-drivers/schemes/";

    private SchemeMarkers() {
    }

    /** The schemes of the backends on the class path that have no entry (empty when all have one). */
    public static List<String> unmarked() {
        List<String> missing = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            for (String scheme : p.schemes()) {
                if (p.getClass().getClassLoader().getResource(DIR + scheme) == null) {
                    missing.add(scheme + " (" + p.getClass().getName() + ")");
                }
            }
        }
        return missing;
    }
}
