package io.storagedrivers.sharedlvm;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;
import io.storagedrivers.validate.Validate;

/**
 * Hosts the operator declared gone ({@code storage host-release}): a tag {@code sd.released.<host>}
 * on the VG itself, so every frontend and bridge that serves the VG sees it. A released host is
 * never reached for a deactivation that fails (its LVs count as inactive there) and does not block
 * a delete. It is released only when it does not answer over SSH: a host that still runs keeps its
 * device-mapper tables, and a volume deleted under them would hand its extents to the next volume.
 */
final class HostReleases {
    static final String TAG_PREFIX = "sd.released.";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final VgMetadata metadata;
    private final Runners runners;

    HostReleases(VgMetadata metadata, Runners runners) {
        this.metadata = metadata;
        this.runners = runners;
    }

    Set<String> released(String vg) {
        Set<String> out = new TreeSet<>();
        for (String t : metadata.vgTags(vg)) {
            if (t.startsWith(TAG_PREFIX)) {
                out.add(t.substring(TAG_PREFIX.length()));
            }
        }
        return out;
    }

    /**
     * Whether {@code host} is released, for a caller that already failed on it: false when the VG's
     * tags cannot be read either (the first failure is the one to report).
     */
    boolean knownReleased(String vg, String host) {
        try {
            return released(vg).contains(host);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Tags {@code host} as released after one SSH attempt that must fail to connect. */
    void release(String vg, String host) {
        Validate.hostName(host);
        if (SharedLvmSettings.FRONTEND.equals(host)) {
            throw new BackendException(Kind.INVALID, "the frontend cannot be released");
        }
        try {
            runners.host(host).run(Command.of("true").withTimeout(PROBE_TIMEOUT));
            throw answers(host);
        } catch (CommandFailedException e) {
            if (e.reason() != CommandFailedException.Reason.CONNECTION_FAILED) {
                throw answers(host);
            }
        }
        metadata.changeVgTag(vg, TAG_PREFIX + host, true);
    }

    void rejoin(String vg, String host) {
        Validate.hostName(host);
        metadata.changeVgTag(vg, TAG_PREFIX + host, false);
    }

    private static BackendException answers(String host) {
        return new BackendException(Kind.BUSY, "host " + host + " answers over SSH: it is not gone; deactivate its"
                + " volumes there ('storage deactivate') instead of releasing it");
    }
}
