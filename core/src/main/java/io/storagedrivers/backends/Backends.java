package io.storagedrivers.backends;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.BackendProvider;
import io.storagedrivers.spi.VolumeBackend;

/**
 * Opens a backend by URI with the {@link BackendProvider}s on the class path (ServiceLoader), e.g.
 * {@code Backends.open("sim:///tmp/state.json", Map.of())}. Outside the SPI package because it hands
 * providers that reach hosts ({@link HostBackendProvider}) the caller's command runners.
 */
public final class Backends {

    private Backends() {
    }

    public static VolumeBackend open(String uri, Map<String, String> settings) {
        return open(uri, settings, null);
    }

    /**
     * Opens a backend that uses {@code runners} (and leaves closing them to the caller); a null
     * {@code runners} lets the backend make and own its own.
     */
    public static VolumeBackend open(String uri, Map<String, String> settings, Runners runners) {
        if (uri == null || uri.isBlank()) {
            throw new BackendException(Kind.INVALID, "no backend URI given (e.g. lvm://VG, linstor://HOST:3370, sim:///path/state.json)");
        }
        try {
            return open(new URI(uri.strip()), settings, runners);
        } catch (URISyntaxException e) {
            throw new BackendException(Kind.INVALID, "bad backend URI '" + uri + "': " + e.getReason());
        }
    }

    public static VolumeBackend open(URI uri, Map<String, String> settings) {
        return open(uri, settings, null);
    }

    public static VolumeBackend open(URI uri, Map<String, String> settings, Runners runners) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new BackendException(Kind.INVALID, "backend URI '" + uri + "' has no scheme (known: " + knownSchemes() + ")");
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            if (p.schemes().contains(scheme)) {
                return runners != null && p instanceof HostBackendProvider h
                        ? h.open(uri, settings, runners) : p.open(uri, settings);
            }
        }
        throw new BackendException(Kind.INVALID, "unknown backend scheme '" + scheme + "' (known here: "
                + knownSchemes() + ")");
    }

    /** The schemes every provider on the class path handles, sorted. */
    public static String knownSchemes() {
        TreeSet<String> all = new TreeSet<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            all.addAll(p.schemes());
        }
        return String.join(", ", all);
    }
}
