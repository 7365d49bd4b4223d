package io.storagedrivers.sharedlvm;

import java.util.List;
import java.util.function.Function;

import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.spi.VolumeRef;

/**
 * Attaching is activating: {@code lvchange -ay} / {@code -an} of a host's LVs, all of one call in
 * one round trip ({@link HostLvm}), shared activation on a live migration's destination
 * ({@link LiveMigrations#sharedOn}), and a host released as gone ({@link HostReleases}) counting
 * as detached. Where LVs are active is {@link HostActivity}'s question.
 */
final class HostAttachments {
    private final HostLvm hostLvm;
    private final HostReleases releases;
    private final LiveMigrations migrations;
    private final Function<String, CommandRunner> at;

    HostAttachments(HostLvm hostLvm, HostReleases releases, LiveMigrations migrations,
                    Function<String, CommandRunner> at) {
        this.hostLvm = hostLvm;
        this.releases = releases;
        this.migrations = migrations;
        this.at = at;
    }

    /** {@code lvchange -ay} of every LV on {@code host}; their {@code /dev/<vg>/<lv>}. */
    List<String> attachAll(List<VolumeRef> volumes, String host) {
        return volumes.isEmpty() ? List.of()
                : hostLvm.activateAll(at.apply(host), volumes, v -> migrations.sharedOn(v, host));
    }

    /**
     * {@link #attachAll}, then the commands {@code then} makes of the device paths, in the same
     * request to the host: the paths ({@code /dev/<vg>/<lv>}) are known before the activation.
     */
    List<String> attachAllThen(List<VolumeRef> volumes, String host, Function<List<String>, List<List<String>>> then) {
        List<String> devices = volumes.stream().map(v -> LvmCommands.devicePath(v.pool(), v.name())).toList();
        List<Command> commands = then.apply(devices).stream().map(Command::of).toList();
        if (volumes.isEmpty()) {
            if (!commands.isEmpty()) {
                at.apply(host).runAll(commands);
            }
            return devices;
        }
        return hostLvm.activateThen(at.apply(host), volumes, v -> migrations.sharedOn(v, host), commands);
    }

    /** {@code lvchange -an} of every LV on {@code host}; an LV that is gone counts as detached. */
    void detachAll(List<VolumeRef> volumes, String host) {
        if (!volumes.isEmpty()) {
            detachThen(volumes, host, List.of());
        }
    }

    /**
     * {@link #detachAll}, then {@code then} in the same request to the host ({@link HostLvm#deactivateThen}).
     * Whether it was sent: false for a host released as gone ('storage host-release'), which holds
     * nothing any more and counts as detached whatever it answered.
     */
    boolean detachThen(List<VolumeRef> volumes, String host, List<Command> then) {
        try {
            hostLvm.deactivateThen(at.apply(host), volumes, then);
            return true;
        } catch (RuntimeException e) {
            if (SharedLvmSettings.FRONTEND.equals(host) || !releases.knownReleased(volumes.get(0).pool(), host)) {
                throw e;
            }
            return false;
        }
    }
}
