package io.storagedrivers.linstor.one;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.linstor.backend.LinstorBackend;
import io.storagedrivers.one.DriverConfig;
import io.storagedrivers.linstor.backend.LinstorBackendProvider;
import io.storagedrivers.linstor.backend.LinstorNames;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDriverProfile;
import io.storagedrivers.one.OneException;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeRef;

/**
 * The linstor datastores, as LINBIT's addon-linstor sets them up: volume names by
 * {@link LinstorNames}, snapshots {@code OpenNebula-Snap-<id>}; SOURCE is the resource name. The pool is the
 * datastore's {@code LINSTOR_RESOURCE_GROUP}; datastores with only the older
 * {@code LINSTOR_AUTO_PLACE}/{@code LINSTOR_STORAGE_POOL} get a group {@code OpenNebula-DS-<id>}
 * made from them. Controllers: {@code LINSTOR_CONTROLLERS}, else {@code LS_CONTROLLERS}, else
 * localhost; every {@code LINSTOR_*} attribute of the datastore is a backend setting.
 */
public final class LinstorProfile implements OneDriverProfile {
    private static final VolumeNaming NAMES = new LinstorNames();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{1,47}");

    private final Map<String, String> env;
    /** The action's runners: every backend of this process shares its SSH connections. */
    private final Runners runners;
    private final Map<String, LinstorBackend> backends = new HashMap<>();

    public LinstorProfile(Runners runners, Map<String, String> env) {
        this.runners = runners;
        this.env = Map.copyOf(env);
    }

    @Override
    public String driverName() {
        return "linstor";
    }

    @Override
    public VolumeBackend backend(OneDatastore ds) {
        // environment, then the driver config file (credentials may live there instead of in the
        // template: see DATASTORE_ENCRYPTED_ATTR), then the datastore's LINSTOR_* attributes
        Map<String, String> settings = new HashMap<>(env);
        Map<String, String> config = DriverConfig.read(DriverConfig.file(env, driverName()));
        settings.putAll(config);
        ds.template().forEach((k, v) -> {
            if (k.startsWith("LINSTOR_") && !v.isBlank()) {
                settings.put(k, v);
            }
        });
        String controllers = settings.getOrDefault("LINSTOR_CONTROLLERS", "").strip();
        if (controllers.isEmpty()) {
            controllers = env.getOrDefault("LS_CONTROLLERS", "linstor://localhost");
        }
        settings.put("LINSTOR_CONTROLLERS", controllers);
        String key = controllers + "|" + settings.getOrDefault("LINSTOR_CLONE_MODE", "");
        LinstorBackend be = backends.computeIfAbsent(key, k -> LinstorBackendProvider.open(settings, runners));
        if (ds.attr("LINSTOR_RESOURCE_GROUP").isBlank()) {
            be.ensureResourceGroup(pool(ds), placeCount(ds), blankToNull(ds.attr("LINSTOR_STORAGE_POOL")));
        }
        return be;
    }

    private static int placeCount(OneDatastore ds) {
        String v = ds.attr("LINSTOR_AUTO_PLACE").strip();
        try {
            int n = v.isEmpty() ? 2 : Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new OneException("LINSTOR_AUTO_PLACE of datastore " + ds.id() + " must be a number of replicas, got '"
                + v + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String pool(OneDatastore ds) {
        String rg = ds.attr("LINSTOR_RESOURCE_GROUP").strip();
        return linstorName("LINSTOR_RESOURCE_GROUP", rg.isEmpty() ? "OpenNebula-DS-" + ds.id() : rg);
    }

    @Override
    public VolumeNaming naming() {
        return NAMES;
    }

    /** The add-on's name: {@code OpenNebula-Snap-<id>} on the disk's or image's resource. */
    @Override
    public String snapshotName(int snapId) {
        return "OpenNebula-Snap-" + snapId;
    }

    @Override
    public String source(VolumeRef volume) {
        return volume.name();
    }

    @Override
    public VolumeRef volumeOfSource(String source, Supplier<OneDatastore> imageDatastore) {
        return new VolumeRef(pool(imageDatastore.get()), linstorName("SOURCE", source == null ? "" : source.strip()));
    }

    /** LINSTOR's name rule (2-48 characters, letter or '_' first, then letters, digits, '_', '-'). */
    static String linstorName(String what, String value) {
        if (!NAME.matcher(value).matches() || value.chars().noneMatch(Character::isLetter)) {
            throw new OneException(what + " '" + io.storagedrivers.validate.Validate.show(value)
                    + "' is not a LINSTOR resource name");
        }
        return value;
    }

    @Override
    public void close() {
        backends.values().forEach(VolumeBackend::close);
        backends.clear();
    }
}
