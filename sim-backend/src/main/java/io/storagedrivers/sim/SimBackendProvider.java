package io.storagedrivers.sim;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.spi.BackendProvider;
import io.storagedrivers.spi.PoolInfo;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;

/**
 * {@code sim:///path/state.json} (absolute) or {@code sim:relative/state.json}, optionally with
 * {@code ?pools=NAME:SIZE[:thin],...} (e.g. {@code ?pools=vg0:100G,thin0:1T:thin}); the same list
 * may come from the setting {@code sim.pools}. Listed pools are added to the state when missing.
 */
public final class SimBackendProvider implements BackendProvider {

    public static final String POOLS_SETTING = "sim.pools";

    @Override
    public Set<String> schemes() {
        return Set.of("sim");
    }

    @Override
    public VolumeBackend open(URI uri, Map<String, String> settings) {
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        if (uri.isOpaque() && path.contains("?")) {
            path = path.substring(0, path.indexOf('?'));
        }
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw new BackendException(Kind.INVALID, "sim URI needs a state file: sim:///path/state.json, got " + uri);
        }
        if (uri.getAuthority() != null) {
            throw new BackendException(Kind.INVALID, "sim URI has no host part: use sim:///path/state.json, got " + uri);
        }
        String pools = query(uri, "pools");
        if (pools == null) {
            pools = settings.get(POOLS_SETTING);
        }
        return new SimBackend(Path.of(path), parsePools(pools));
    }

    private static String query(URI uri, String key) {
        String q = uri.isOpaque() ? afterQuestionMark(uri.getSchemeSpecificPart()) : uri.getQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }

    private static String afterQuestionMark(String ssp) {
        int i = ssp.indexOf('?');
        return i < 0 ? null : ssp.substring(i + 1);
    }

    /** {@code NAME:SIZE[:thin]} items separated by commas. */
    static List<PoolInfo> parsePools(String spec) {
        List<PoolInfo> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String item : spec.split(",")) {
            String[] f = item.trim().split(":");
            if (f.length < 2 || f.length > 3 || (f.length == 3 && !"thin".equals(f[2]))) {
                throw new BackendException(Kind.INVALID, "bad sim pool '" + item + "' (use NAME:SIZE or NAME:SIZE:thin)");
            }
            long size;
            try {
                size = Sizes.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw new BackendException(Kind.INVALID, "bad sim pool '" + item + "': " + e.getMessage());
            }
            out.add(new PoolInfo(f[0], size, size, f.length == 3));
        }
        return out;
    }
}
