package io.storagedrivers.sharedlvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.exec.copy.CopyTools;
import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.spi.Settings;
import io.storagedrivers.validate.Validate;

/**
 * Backend settings, named like OpenNebula datastore attributes (the action layer passes the
 * datastore template): see the README section "Backend (LVM layer)".
 *
 * @param copyHost   {@code COPY_HOST}: where data copies and zeroing run; {@code frontend} or a host
 * @param bridgeList {@code BRIDGE_LIST}: hosts that may run them when the frontend cannot
 * @param hosts      {@code HOSTS}: the hosts asked where LVs are active (admin views, cleanup);
 *                   empty: the concrete Host entries of the SSH config
 * @param sparseCopy {@code COPY_SPARSE} (default yes): a copy target is zeroed first (BLKZEROOUT)
 *                   and the source's zero blocks are skipped; no: every byte of the source range is
 *                   written and only the rest is zeroed (see {@link CopyEngine})
 * @param zeroOnCreate {@code ZERO_LVM_ON_CREATE} (default yes): a new (or grown) LV is zeroed
 *                   before anything can use it; {@code no} only where the LUN's free extents read
 *                   as zero (docs/operator-guide.md, "Data safety")
 * @param copyTools  {@code DD}, {@code QEMU_IMG}, {@code BLKDISCARD}: the driver's program paths
 * @param stagingDir {@code STAGING_DIR} (default /var/tmp): where a qcow2 image is converted to raw
 *                   before it is streamed to a host
 * @param thin       {@code LVM_THIN_ENABLE} (default no): on a shared VG (lvmlockd) new volumes are
 *                   thin volumes, each in its own thin pool, with instant snapshots ({@link ThinVolumes});
 *                   a plain VG ignores it (its hosts cannot change a pool's metadata)
 */
public record SharedLvmSettings(Optional<String> copyHost, List<String> bridgeList, List<String> hosts,
                                Duration lockTimeout, boolean sparseCopy, boolean zeroOnCreate, CopyTools copyTools,
                                Path stagingDir, LvmTools tools, boolean thin) {

    public static final String COPY_HOST = "COPY_HOST";
    public static final String BRIDGE_LIST = "BRIDGE_LIST";
    public static final String HOSTS = "HOSTS";
    public static final String LOCK_TIMEOUT = "LOCK_TIMEOUT";
    public static final String COPY_SPARSE = "COPY_SPARSE";
    public static final String ZERO_ON_CREATE = "ZERO_LVM_ON_CREATE";
    public static final String DD = CopyTools.DD;
    public static final String QEMU_IMG = CopyTools.QEMU_IMG;
    public static final String BLKDISCARD = CopyTools.BLKDISCARD;
    public static final String STAGING_DIR = "STAGING_DIR";
    public static final String THIN = "LVM_THIN_ENABLE";
    /** {@code COPY_HOST} value that means "this machine". */
    public static final String FRONTEND = "frontend";

    public SharedLvmSettings {
        bridgeList = List.copyOf(bridgeList);
        hosts = List.copyOf(hosts);
    }

    public static SharedLvmSettings from(Map<String, String> s) {
        String copyHost = Settings.get(s, COPY_HOST, "");
        Optional<String> ch = copyHost.isEmpty() ? Optional.empty()
                : Optional.of(copyHost.equalsIgnoreCase(FRONTEND) ? FRONTEND : Validate.hostName(copyHost));
        return new SharedLvmSettings(ch, hostList(Settings.get(s, BRIDGE_LIST, "")), hostList(Settings.get(s, HOSTS, "")),
                Duration.ofSeconds(Settings.seconds(s, LOCK_TIMEOUT, 120, 86_400)),
                Settings.yesNo(s, COPY_SPARSE, true), Settings.yesNo(s, ZERO_ON_CREATE, true),
                CopyTools.from(s), Path.of(Settings.get(s, STAGING_DIR, "/var/tmp")), LvmTools.fromSettings(s),
                Settings.yesNo(s, THIN, false));
    }

    /** Host names separated by spaces or commas, each validated, without repeats. */
    private static List<String> hostList(String value) {
        List<String> out = new ArrayList<>();
        for (String h : value.split("[\\s,]+")) {
            if (!h.isEmpty() && !out.contains(h)) {
                out.add(Validate.hostName(h));
            }
        }
        return out;
    }
}
