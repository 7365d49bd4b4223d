package io.storagedrivers.sharedlvm;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.Runners;
import io.storagedrivers.exec.copy.CopyCommands;
import io.storagedrivers.exec.copy.CopyEngine;
import io.storagedrivers.sharedlvm.copy.CopyPlacement;
import io.storagedrivers.sharedlvm.lvm.LvmCommands;
import io.storagedrivers.sharedlvm.lvm.SudoRunners;
import io.storagedrivers.spi.VolumeRef;

/**
 * The parts a {@link SharedLvmBackend} is made of, wired once from its settings and shared by its
 * {@link SharedLvmBackend#preferringHost} views: the runners (LVM through {@code sudo -n} when this
 * process is not root), the VG's metadata under its lock, data copies, which hosts have what
 * active, which are released, attaching on hosts, LV provisioning, live migrations, thin volumes
 * and their snapshots.
 */
record SharedLvmParts(String defaultVg, Runners runners, VgMetadata metadata, DataOps data, HostActivity activity,
                      HostReleases releases, HostAttachments attachments, LvProvisioning provisioning,
                      LiveMigrations migrations, ThinVolumes thin, ThinSnapshots thinSnapshots) {

    /**
     * @param thinVg     whether a VG's volumes are thin; {@code thinVolume}, whether a volume is one.
     *                   Both are answered by the {@link ThinSnapshots} made here, which needs the
     *                   lock-type cache of the {@link LiveMigrations} that needs them: the backend
     *                   passes its own delegates, asked only once it is made.
     * @param lockTypes  where VGs' lock types are kept (the warm service's for its life: {@link VgLockTypes#PROCESS})
     */
    static SharedLvmParts wire(String defaultVg, SharedLvmSettings settings, Runners given, VgLocks locks,
                               BooleanSupplier frontendHasDeviceMapper, long chunkBytes,
                               Predicate<String> thinVg, Predicate<VolumeRef> thinVolume, VgLockTypes lockTypes) {
        // not root (oneadmin on the frontend): LVM here through sudo -n, as the sudoers file allows
        Runners runners = SudoRunners.whenNotRoot(given, settings.tools());
        LvmCommands lvm = new LvmCommands(settings.tools());
        VgMetadata metadata = new VgMetadata(runners.local(), lvm, locks, settings.lockTimeout(), thinVg);
        HostLvm hostLvm = new HostLvm(lvm);
        LiveMigrations migrations = new LiveMigrations(runners.local(), lvm, hostLvm, h -> at(runners, h), thinVolume,
                lockTypes);
        CopyEngine engine = new CopyEngine(new CopyCommands(settings.copyTools()), chunkBytes, settings.sparseCopy(),
                settings.stagingDir());
        CopyPlacement placement = new CopyPlacement(settings.copyHost(), settings.bridgeList(), frontendHasDeviceMapper);
        DataOps data = new DataOps(metadata, hostLvm, runners, engine, placement, frontendHasDeviceMapper);
        HostReleases releases = new HostReleases(metadata, runners);
        HostActivity activity = new HostActivity(hostLvm, runners,
                () -> settings.hosts().isEmpty() ? runners.knownHosts() : settings.hosts(), releases::released);
        LvProvisioning provisioning = new LvProvisioning(metadata, hostLvm, runners, data, frontendHasDeviceMapper,
                settings.zeroOnCreate());
        ThinVolumes thin = new ThinVolumes(metadata, lvm, hostLvm, activity, h -> at(runners, h));
        ThinSnapshots thinSnapshots = new ThinSnapshots(settings.thin(), migrations::lockType, provisioning::lookup,
                thin, data);
        HostAttachments attachments = new HostAttachments(hostLvm, releases, migrations, h -> at(runners, h));
        return new SharedLvmParts(defaultVg, runners, metadata, data, activity, releases, attachments, provisioning,
                migrations, thin, thinSnapshots);
    }

    /** {@code frontend} (how this machine shows up in {@code activeOn}) is this machine, not an SSH host. */
    private static CommandRunner at(Runners runners, String host) {
        return SharedLvmSettings.FRONTEND.equals(host) ? runners.local() : runners.host(host);
    }
}
