package io.storagedrivers.linstor.api;

import java.util.List;

/** Reading LINSTOR flag lists (absent = empty). */
public final class Flags {
    public static final String DISKLESS = "DISKLESS";
    public static final String DRBD_DISKLESS = "DRBD_DISKLESS";
    public static final String TIE_BREAKER = "TIE_BREAKER";
    public static final String INACTIVE = "INACTIVE";
    public static final String DELETE = "DELETE";

    private Flags() {
    }

    public static boolean has(List<String> flags, String flag) {
        return flags != null && flags.stream().anyMatch(flag::equalsIgnoreCase);
    }

    public static boolean diskless(List<String> flags) {
        return has(flags, DISKLESS);
    }
}
