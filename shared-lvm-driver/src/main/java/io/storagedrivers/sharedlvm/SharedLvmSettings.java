package io.storagedrivers.sharedlvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.storagedrivers.sharedlvm.lvm.LvmTools;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.validate.Validate;

/**
 * Backend settings, named like OpenNebula datastore attributes (the action layer passes the
 * datastore template): see the README section "Backend (LVM layer)".
 *
 * @param copyHost   {@code COPY_HOST}: where data copies and zeroing run; {@code frontend} or a host
 * @param bridgeList {@code BRIDGE_LIST}: hosts that may run them when the frontend cannot
 * @param hosts      {@code HOSTS}: the hosts asked where LVs are active (admin views, cleanup);
 *                   empty: the concrete Host entries of the SSH config
 * @param sparseCopy {@code COPY_SPARSE} (default yes): zero blocks of the source are not written,
 *                   so new LVs must read as zero (LVs zeroed on delete, a zeroed or thin LUN)
 */
public record SharedLvmSettings(Optional<String> copyHost, List<String> bridgeList, List<String> hosts,
                                Duration lockTimeout,
                                boolean sparseCopy, String dd, String qemuImg, String blkdiscard, Path stagingDir,
                                LvmTools tools) {

    public static final String COPY_HOST = "COPY_HOST";
    public static final String BRIDGE_LIST = "BRIDGE_LIST";
    public static final String HOSTS = "HOSTS";
    public static final String LOCK_TIMEOUT = "LOCK_TIMEOUT";
    public static final String COPY_SPARSE = "COPY_SPARSE";
    public static final String DD = "DD";
    public static final String QEMU_IMG = "QEMU_IMG";
    public static final String BLKDISCARD = "BLKDISCARD";
    public static final String STAGING_DIR = "STAGING_DIR";
    /** {@code COPY_HOST} value that means "this machine". */
    public static final String FRONTEND = "frontend";

    public SharedLvmSettings {
        bridgeList = List.copyOf(bridgeList);
        hosts = List.copyOf(hosts);
    }

    public static SharedLvmSettings from(Map<String, String> s) {
        String copyHost = get(s, COPY_HOST, "");
        Optional<String> ch = copyHost.isEmpty() ? Optional.empty()
                : Optional.of(copyHost.equalsIgnoreCase(FRONTEND) ? FRONTEND : Validate.hostName(copyHost));
        return new SharedLvmSettings(ch, hostList(get(s, BRIDGE_LIST, "")), hostList(get(s, HOSTS, "")), Duration.ofSeconds(seconds(get(s, LOCK_TIMEOUT, "120"))),
                yesNo(COPY_SPARSE, get(s, COPY_SPARSE, "yes")), get(s, DD, "dd"), get(s, QEMU_IMG, "qemu-img"),
                get(s, BLKDISCARD, "blkdiscard"),
                Path.of(get(s, STAGING_DIR, System.getProperty("java.io.tmpdir"))), LvmTools.fromSettings(s));
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

    private static String get(Map<String, String> s, String key, String dflt) {
        String v = s.get(key);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    private static long seconds(String v) {
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= 86_400) {
                return n;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new BackendException(Kind.INVALID, "invalid " + LOCK_TIMEOUT + " '" + v + "': seconds between 1 and 86400");
    }

    private static boolean yesNo(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> true;
            case "no", "false", "0" -> false;
            default -> throw new BackendException(Kind.INVALID, "invalid " + key + " '" + v + "': use yes or no");
        };
    }
}
