package io.storagedrivers.sharedlvm.one;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.storagedrivers.exec.Runners;
import io.storagedrivers.one.DriverConfig;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneDriverProfile;
import io.storagedrivers.one.OneException;
import io.storagedrivers.sharedlvm.SharedLvmSettings;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.sharedlvm.SharedLvmNames;
import io.storagedrivers.backends.Backends;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeNaming;
import io.storagedrivers.spi.VolumeRef;
import io.storagedrivers.validate.Validate;

/**
 * The shared_lvm datastores: VG = datastore attribute VG_NAME (default {@code vg-one-<ds_id>}), volume
 * names by {@link SharedLvmNames}, SOURCE {@code <vg>/<lv>}. Backends
 * are opened as {@code lvm://<vg>} (SharedLvmBackend); {@value #BACKEND_OVERRIDE} replaces that URI for every datastore
 * (tests and demos: {@code sim:///path/state.json}).
 */
public final class SharedLvmProfile implements OneDriverProfile {
    private static final VolumeNaming NAMES = new SharedLvmNames();
    public static final String BACKEND_OVERRIDE = "STORAGE_DRIVERS_BACKEND_URI";

    /** Settings that choose a program run as root: only the driver config file may set them. */
    static final Set<String> PROGRAM_KEYS = programKeys();

    private final Map<String, String> env;
    /** The action's runners: every backend of this process shares its SSH connections. */
    private final Runners runners;
    private final Map<String, VolumeBackend> backends = new HashMap<>();

    public SharedLvmProfile(Runners runners, Map<String, String> env) {
        this.runners = runners;
        this.env = Map.copyOf(env);
    }

    @Override
    public String driverName() {
        return "shared_lvm";
    }

    @Override
    public boolean resizeAsksTheHost() {
        return true;
    }

    /**
     * {@code lvm://<vg>} with the datastore's template as backend settings (COPY_HOST, BRIDGE_LIST,
     * COPY_SPARSE... see docs/reference.md) over the driver config file and the process
     * environment; the programs (PROGRAM_KEYS) only from the config file or the environment.
     */
    @Override
    public VolumeBackend backend(OneDatastore datastore) {
        String override = env.getOrDefault(BACKEND_OVERRIDE, "");
        String uri = override.isBlank() ? "lvm://" + pool(datastore) : override;
        return backends.computeIfAbsent(uri + " " + datastore.id(), k -> {
            Map<String, String> settings = DriverConfig.settings(env, driverName(), datastore, PROGRAM_KEYS, System.err);
            return Backends.open(uri, settings, runners);
        });
    }

    private static Set<String> programKeys() {
        Set<String> keys = new HashSet<>(List.of(LvmTools.PREFIX_SETTING, SharedLvmSettings.DD,
                SharedLvmSettings.QEMU_IMG, SharedLvmSettings.BLKDISCARD));
        LvmTools.TOOLS.forEach(t -> keys.add(LvmTools.settingName(t)));
        return Set.copyOf(keys);
    }

    @Override
    public String pool(OneDatastore datastore) {
        String vg = datastore.attr("VG_NAME").strip();
        return Validate.vgName(vg.isEmpty() ? "vg-one-" + datastore.id() : vg);
    }

    @Override
    public VolumeNaming naming() {
        return NAMES;
    }

    @Override
    public String source(VolumeRef volume) {
        return volume.pool() + "/" + volume.name();
    }

    @Override
    public VolumeRef volumeOfSource(String source, Supplier<OneDatastore> imageDatastore) {
        String[] parts = source == null ? new String[0] : source.split("/", -1);
        if (parts.length != 2) {
            throw new OneException("SOURCE '" + source + "' is not a shared_lvm image (expected VG/LV)");
        }
        return new VolumeRef(Validate.vgName(parts[0]), Validate.lvName(parts[1]));
    }

    @Override
    public boolean zeroOnDelete(OneDatastore datastore) {
        // like every backend setting: the template over the driver config file over the environment
        // (backend() already warned about program keys in the template: not again here)
        Map<String, String> settings = DriverConfig.settings(env, driverName(), datastore, PROGRAM_KEYS,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        return !"no".equalsIgnoreCase(settings.getOrDefault("ZERO_LVM_ON_DELETE", "").strip());
    }

    @Override
    public void close() {
        backends.values().forEach(VolumeBackend::close);
        backends.clear();
    }
}
