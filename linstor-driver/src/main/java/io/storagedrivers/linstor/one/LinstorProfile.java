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
 * made from them (a linstor datastore with neither is refused). Controllers:
 * {@code LINSTOR_CONTROLLERS}, else {@code LS_CONTROLLERS}, else {@code controllers} of
 * /etc/linstor/linstor-client.conf, else localhost; every {@code LINSTOR_*} attribute of the
 * datastore is a backend setting. Datastores of other drivers (ssh, shared system datastores) are
 * refused as pools: see {@link #cloneDatastore}.
 */
public final class LinstorProfile implements OneDriverProfile {
    private static final VolumeNaming NAMES = new LinstorNames();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{1,47}");
    /** Our names of VM disks carry the VM id: {@code ...-vm<id>-disk<n>}. */
    private static final Pattern VM_OF_VOLUME = Pattern.compile("OpenNebula-(?:Image-\\d+|Volatile)-vm(\\d+)-disk");

    private final Map<String, String> env;
    /** The action's runners: every backend of this process shares its SSH connections. */
    private final Runners runners;
    private final Map<String, LinstorBackend> backends = new HashMap<>();

    /** The action's stderr (see {@link #noticesTo}); System.err until the action sets it. */
    private java.io.PrintStream notices = System.err;
    /** The TM action's VM, whose log gets the notices; -1: the VM a volume name says, else oned.log. */
    private int noticeVm = -1;

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
        requireLinstor(ds);
        Map<String, String> settings = new HashMap<>(env);
        Map<String, String> config = DriverConfig.read(DriverConfig.file(env, driverName()));
        settings.putAll(config);
        ds.template().forEach((k, v) -> {
            if (k.startsWith("LINSTOR_") && !v.isBlank()) {
                settings.put(k, v);
            }
        });
        // no LINSTOR_CONTROLLERS: LS_CONTROLLERS, then linstor-client.conf, then localhost (LinstorSettings)
        String key = settings.getOrDefault("LINSTOR_CONTROLLERS", "").strip() + "|" + settings.getOrDefault("LINSTOR_CLONE_MODE", "")
                + "|" + settings.getOrDefault("LINSTOR_LAYER_LIST", "") + "|" + settings.getOrDefault("LINSTOR_LOCALITY", "");
        LinstorBackend be = backends.computeIfAbsent(key,
                k -> LinstorBackendProvider.open(settings, runners).onNotice(this::notice));
        if (ds.attr("LINSTOR_RESOURCE_GROUP").isBlank()) {
            be.ensureResourceGroup(pool(ds), placeCount(ds), blankToNull(ds.attr("LINSTOR_STORAGE_POOL")));
        }
        return be;
    }

    /**
     * A datastore of another driver (an {@code ssh} or {@code shared} system datastore next to a
     * linstor image datastore, which the TM_MAD_SYSTEM registration allows) has no LINSTOR pool:
     * clones of linstor images then stay in their image datastore's group ({@link #cloneDatastore}),
     * and its volatile disks and context are its own driver's. Refused in one line instead of
     * guessing a group and a controller.
     */
    private static void requireLinstor(OneDatastore ds) {
        String tm = ds.tmMad().strip();
        if (!tm.isEmpty() && !"linstor".equals(tm)) {
            String shown = tm.matches("[A-Za-z0-9_.-]{1,32}") ? tm : io.storagedrivers.validate.Validate.show(tm);
            throw new OneException("datastore " + ds.id() + " uses TM_MAD '" + shown + "', not linstor: it holds no "
                    + "LINSTOR volumes (its volatile disks and context belong to the " + shown + " driver)");
        }
    }

    /**
     * A VM's private copy of a linstor image lives with a linstor system datastore (its resource
     * group); next to an {@code ssh}/{@code shared} system datastore it stays in the image
     * datastore's group, as addon-linstor keeps it (CLONE_TARGET SELF).
     */
    @Override
    public OneDatastore cloneDatastore(OneDatastore systemDs, Supplier<OneDatastore> imageDs) {
        String tm = systemDs.tmMad().strip();
        return tm.isEmpty() || "linstor".equals(tm) ? systemDs : imageDs.get();
    }

    @Override
    public void noticesTo(java.io.PrintStream err, int vmId) {
        this.notices = err;
        this.noticeVm = vmId;
    }

    /** INFO lines of the backends (controller failover, data locality) for the VM's or oned's log. */
    private void notice(String msg) {
        java.util.regex.Matcher m = VM_OF_VOLUME.matcher(msg);
        String vm = noticeVm >= 0 ? noticeVm + " " : m.find() ? m.group(1) + " " : "";
        notices.print("INFO: " + vm + "linstor: "
                + msg.replaceAll("[\\r\\n]+", " ") + "\n");
        notices.flush();
    }

    private static int placeCount(OneDatastore ds) {
        String v = ds.attr("LINSTOR_AUTO_PLACE").strip();
        if (v.isEmpty() && ds.attr("LINSTOR_STORAGE_POOL").isBlank()) {
            throw new OneException("linstor datastore " + ds.id() + " sets neither LINSTOR_RESOURCE_GROUP nor "
                    + "LINSTOR_AUTO_PLACE: name the resource group its volumes go to");
        }
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
        requireLinstor(ds);
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
