package io.storagedrivers.cinderbridge;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

import io.storagedrivers.spi.BackendProvider;
import io.storagedrivers.spi.VolumeBackend;

/** Opens a backend by URI through the {@link BackendProvider}s on the class path. */
final class BackendLoader {
    private BackendLoader() {
    }

    static VolumeBackend open(URI uri, Map<String, String> settings) {
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(providers::add);
        for (BackendProvider p : providers) {
            if (p.schemes().contains(uri.getScheme())) {
                return p.open(uri, settings);
            }
        }
        TreeSet<String> known = new TreeSet<>();
        providers.forEach(p -> known.addAll(p.schemes()));
        throw new IllegalArgumentException("no backend for URI scheme '" + uri.getScheme() + "' (known: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }
}
