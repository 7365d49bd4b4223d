package io.storagedrivers.linstor.backend;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.linstor.api.LinstorClient;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.backends.HostBackendProvider;
import io.storagedrivers.spi.VolumeBackend;

/**
 * {@code linstor://host[:port][,host2[:port]...]} (HTTP) and {@code linstor+ssl://...} (HTTPS):
 * a {@link LinstorBackend} on those controllers; {@code linstor:///} (no host) takes the list from
 * {@code LINSTOR_CONTROLLERS} or {@code LS_CONTROLLERS}. Secrets come from settings, never the URI.
 */
public final class LinstorBackendProvider extends HostBackendProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("linstor", "linstor+ssl");
    }

    @Override
    protected VolumeBackend open(URI uri, Map<String, String> settings, Runners runners, boolean owns) {
        return onControllers(controllers(uri), settings, runners, owns);
    }

    /**
     * A backend on the controllers {@code settings} name ({@code LINSTOR_CONTROLLERS}...) that runs
     * its commands through the caller's {@code runners} and leaves them open: the linstor driver's
     * own way in, typed, so it can set up resource groups past the SPI.
     */
    public static LinstorBackend open(Map<String, String> settings, Runners runners) {
        return onControllers(null, settings, runners, false);
    }

    private static LinstorBackend onControllers(String controllers, Map<String, String> settings, Runners runners, boolean owns) {
        LinstorSettings s = LinstorSettings.from(settings);
        return new LinstorBackend(new LinstorClient(s.clientConfig(controllers)), s, runners, owns);
    }

    /** The controller list of the URI, each entry with the URI's scheme; null when the URI names none. */
    static String controllers(URI uri) {
        String auth = uri.getRawAuthority();
        String path = uri.getRawPath();
        if (uri.isOpaque() || (path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || (auth != null && auth.contains("@"))) {
            throw new BackendException(Kind.INVALID, "LINSTOR URI must be linstor[+ssl]://host[:port][,host...], got "
                    + uri);
        }
        if (auth == null || auth.isBlank()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String h : auth.split(",")) {
            if (!h.isBlank()) {
                sb.append(sb.length() == 0 ? "" : ",").append(uri.getScheme()).append("://").append(h.strip());
            }
        }
        return sb.toString();
    }
}
