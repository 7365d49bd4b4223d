package io.storagedrivers.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one interface both front ends (OpenNebula actions, Cinder operations, the admin CLI) use to
 * reach storage. A backend never knows which front end called it.
 *
 * <p>Contract shared by every method:
 * <ul>
 *   <li>Names in {@link VolumeRef} are already validated by the caller against
 *       the validators in {@code io.storagedrivers.validate}; a backend still refuses names its storage cannot hold.</li>
 *   <li>Mutations are idempotent where the operation allows it: {@code delete}/{@code detach}/
 *       {@code deleteSnapshot} of something absent succeed; {@code attach} of an attached volume
 *       returns the same device path; {@code create} of an existing volume of at least the requested
 *       size returns it unchanged.</li>
 *   <li>A failed mutation leaves nothing half-made (or a state the same call completes on re-run).</li>
 *   <li>Failures are {@link BackendException}s (with a {@link BackendException.Kind}) carrying one
 *       line a user can read.</li>
 *   <li>Implementations are thread-safe and serialise conflicting metadata changes across
 *       processes themselves (per-VG / per-resource file locks).</li>
 * </ul>
 */
public interface VolumeBackend extends AutoCloseable {

    /** Short backend kind, e.g. {@code shared_lvm}, {@code linstor}, {@code sim}. */
    String kind();

    /**
     * Describes the storage system for people (admin CLI {@code systems}): at least {@code id} and
     * {@code name}; backends add e.g. a controller version or the VG's PV. Never contains secrets.
     */
    default java.util.Map<String, String> systemInfo() {
        return java.util.Map.of("id", kind(), "name", kind());
    }

    /** What this backend can do; callers check before calling optional operations. */
    Set<Capability> capabilities();

    /** Pools this backend serves (VGs, LINSTOR resource groups, simulator pools). */
    List<PoolInfo> pools();

    /** Capacity of one pool. */
    PoolInfo pool(String pool);

    /** Every volume in a pool. One backend call (e.g. one {@code lvs}), never one per volume. */
    List<VolumeInfo> list(String pool);

    /**
     * Name → size in bytes of every volume in {@code pool}: what a capacity monitor needs, without
     * asking hosts where volumes are attached. Backends with a cheaper report override it.
     */
    default java.util.Map<String, Long> volumeSizes(String pool) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (VolumeInfo v : list(pool)) {
            out.put(v.ref().name(), v.sizeBytes());
        }
        return out;
    }

    /** One volume, or empty when it does not exist. */
    Optional<VolumeInfo> find(VolumeRef volume);

    /** Creates an empty volume (no data copy). Existing volume of at least that size: returned as is. */
    VolumeInfo create(VolumeRef volume, long sizeBytes);

    /** Removes a volume (and its snapshots). Absent volume: success. {@code zeroFirst} wipes data before. */
    void delete(VolumeRef volume, boolean zeroFirst);

    /** Grows a volume to {@code newSizeBytes} (never shrinks; equal or smaller size is a no-op). */
    VolumeInfo resize(VolumeRef volume, long newSizeBytes);

    /**
     * {@link #resize} that also makes the hosts in {@code attachedOn} (where the caller knows the
     * volume is attached, e.g. the VM's host) see the new size. Backends whose hosts follow size
     * changes by themselves keep this default (plain resize). Shared LVM needs it: a host keeps the
     * old size of an active LV until {@code lvchange --refresh} runs there.
     */
    default VolumeInfo resize(VolumeRef volume, long newSizeBytes, Set<String> attachedOn) {
        return resize(volume, newSizeBytes);
    }

    /**
     * This backend, told that the following calls serve {@code host} (e.g. the destination host of
     * an OpenNebula TM clone): a backend that moves data through a host (dd-class copies, zeroing)
     * may then run that work there when it has no better place. Default: {@code this}.
     */
    default VolumeBackend preferringHost(String host) {
        return this;
    }

    /**
     * Creates {@code target} as a full, independent copy of {@code source}, at least
     * {@code minSizeBytes} large (0 = the source's size). A half-made target from an earlier crashed
     * run is replaced. On failure the target is removed.
     */
    VolumeInfo clone(VolumeRef source, VolumeRef target, long minSizeBytes, Progress progress);

    /**
     * Moves {@code volume} into {@code pool} without copying its data, when this backend can (the
     * same stored volume under another pool's settings, e.g. a LINSTOR resource given another
     * resource group). Returns the moved volume, or empty when a copy is needed (then the caller
     * clones and deletes). Default: empty.
     */
    default Optional<VolumeInfo> moveToPool(VolumeRef volume, String pool) {
        return Optional.empty();
    }

    /**
     * A snapshot of each volume (key) under its name (value), taken together so that they are
     * consistent with each other (a VM's disks, a Cinder group snapshot): IO is suspended on all
     * of them for the same instant, and either all snapshots exist afterwards or none. Backends
     * without {@link Capability#GROUP_SNAPSHOTS} refuse with {@link BackendException.Kind#UNSUPPORTED}.
     */
    default void createSnapshots(java.util.Map<VolumeRef, String> snapshots) {
        throw new BackendException(BackendException.Kind.UNSUPPORTED, kind()
                + " cannot snapshot several volumes consistently");
    }

    /**
     * Records that {@code host} is gone for good (powered off, fenced, reinstalled) for the volumes
     * of {@code pool}, after checking that it does not answer: a {@link #detach} there then
     * succeeds without reaching it and it no longer blocks a delete, so what was left for it (a
     * TM delete of a VM on a dead host, {@code storage volume-delete}) can finish. Refused when the
     * host answers. Backends that need no such record refuse with UNSUPPORTED and say what to do.
     */
    default void releaseHost(String pool, String host) {
        throw new BackendException(BackendException.Kind.UNSUPPORTED, kind() + " does not release hosts");
    }

    /** Undoes {@link #releaseHost}: {@code host} counts again (it came back with nothing active). */
    default void rejoinHost(String pool, String host) {
        throw new BackendException(BackendException.Kind.UNSUPPORTED, kind() + " does not release hosts");
    }

    /** The hosts {@link #releaseHost released} for {@code pool}; none by default. */
    default Set<String> releasedHosts(String pool) {
        return Set.of();
    }

    /** Copies the data of {@code source} into the existing volume {@code target} (save-as). */
    void copy(VolumeRef source, VolumeRef target, Progress progress);

    /**
     * Writes an image into an existing volume. {@code source} is a local file on the machine the
     * driver runs on (raw or qcow2, per {@code format}); the backend chooses where the bytes are
     * written (frontend with device-mapper, a bridge host...). Zero blocks are skipped.
     */
    void importImage(VolumeRef target, ImageSource source, Progress progress);

    /**
     * Makes the volume usable as a block device on {@code host} and returns its device path there
     * (e.g. {@code /dev/vg/lv}, {@code /dev/drbd1000}). Idempotent.
     */
    String attach(VolumeRef volume, String host);

    /** Undoes {@link #attach} on {@code host}. Not attached there: success. */
    void detach(VolumeRef volume, String host);

    /**
     * {@link #attach} of every volume on {@code host}, in order; returns the device paths in the
     * same order. On failure others of the volumes may stay attached (the caller undoes). Backends
     * that can attach several volumes in one round trip to the host override it.
     */
    default List<String> attachAll(List<VolumeRef> volumes, String host) {
        List<String> devices = new java.util.ArrayList<>();
        for (VolumeRef v : volumes) {
            devices.add(attach(v, host));
        }
        return devices;
    }

    /**
     * {@link #attachAll}, then follow-up commands on {@code host} that need the device paths (a VM
     * directory's {@code mkdir} and disk links): {@code then} turns the device paths (in the order
     * of {@code volumes}) into argv lists, run in order on the host, stopping at the first that
     * fails. Returns the device paths. Backends that know the paths before attaching (shared LVM:
     * {@code /dev/<vg>/<lv>}) send the activation and the follow-ups as ONE request to the host;
     * the default attaches, then hands the argv lists to {@code runOnHost} (the caller's way of
     * running them there), as two requests. A failed attach runs none of the follow-ups; a failed
     * follow-up is thrown as {@code runOnHost} would throw it (the volumes stay attached: the
     * caller undoes, as after a failure of {@link #attachAll} and its own commands).
     */
    default List<String> attachAllThen(List<VolumeRef> volumes, String host,
                                       java.util.function.Function<List<String>, List<List<String>>> then,
                                       java.util.function.Consumer<List<List<String>>> runOnHost) {
        List<String> devices = attachAll(volumes, host);
        List<List<String>> commands = then.apply(devices);
        if (!commands.isEmpty()) {
            runOnHost.accept(commands);
        }
        return devices;
    }

    /**
     * {@link #detach}, then follow-up commands on {@code host} (a VM disk's {@code rm -f} of its
     * link), in order, stopping at the first that fails; they run only after the detach succeeded.
     * Backends that can send both as ONE request to the host override it (shared LVM); the default
     * detaches, then hands the argv lists to {@code runOnHost}, as two requests. Returns whether
     * the follow-ups were sent: false when the backend counted the host as detached without asking
     * it (a host released as gone, {@link #releaseHost}) and so ran nothing there.
     */
    default boolean detachThen(VolumeRef volume, String host, List<List<String>> then,
                               java.util.function.Consumer<List<List<String>>> runOnHost) {
        detach(volume, host);
        if (!then.isEmpty()) {
            runOnHost.accept(then);
        }
        return true;
    }

    /** {@link #detach} of every volume on {@code host}, in order (one round trip where the backend can). */
    default void detachAll(List<VolumeRef> volumes, String host) {
        for (VolumeRef v : volumes) {
            detach(v, host);
        }
    }

    /**
     * Hosts the volume is currently attached/active on. Shared LVM asks every host it knows of
     * (settings {@code HOSTS} or the SSH config) and leaves out hosts it could not ask.
     */
    Set<String> attachments(VolumeRef volume);

    /** Whether the volume is attached/active on {@code host}; backends may ask only that host. */
    default boolean attachedOn(VolumeRef volume, String host) {
        return attachments(volume).contains(host);
    }

    /**
     * Hosts this backend reports activity for (shared LVM: {@code HOSTS}, else the SSH config's hosts; others: empty, the
     * hosts then show up only through {@link VolumeInfo#activeOn}).
     */
    default List<String> knownHosts() {
        return List.of();
    }

    /**
     * {@link #delete} for an administrator's cleanup, which must never pull a disk from under a
     * running VM: refused with {@link BackendException.Kind#BUSY} while the volume is attached or
     * in use anywhere, and with {@link BackendException.Kind#BACKEND_ERROR} when the backend cannot
     * tell (a host it could not ask). Gone already: success. OpenNebula and Cinder, which detach
     * before they delete, call {@link #delete}.
     */
    default void deleteIfUnused(VolumeRef volume, boolean zeroFirst) {
        Set<String> on = attachments(volume);
        if (!on.isEmpty()) {
            throw new BackendException(BackendException.Kind.BUSY, "volume " + volume + " is attached on "
                    + String.join(", ", new java.util.TreeSet<>(on)) + "; detach it first");
        }
        delete(volume, zeroFirst);
    }

    // --- snapshots: only when capabilities() contains SNAPSHOTS ---------------------------------

    default List<String> snapshots(VolumeRef volume) {
        throw BackendException.unsupported(kind(), "snapshots");
    }

    default void createSnapshot(VolumeRef volume, String snapshot) {
        throw BackendException.unsupported(kind(), "snapshots");
    }

    default void deleteSnapshot(VolumeRef volume, String snapshot) {
        throw BackendException.unsupported(kind(), "snapshots");
    }

    /** Rolls {@code volume} back to {@code snapshot} in place. */
    default void revertSnapshot(VolumeRef volume, String snapshot) {
        throw BackendException.unsupported(kind(), "snapshots");
    }

    /** Creates {@code target} from {@code snapshot} of {@code volume}. */
    default VolumeInfo createFromSnapshot(VolumeRef volume, String snapshot, VolumeRef target) {
        throw BackendException.unsupported(kind(), "snapshots");
    }

    // --- live migration hooks (LINSTOR allows two primaries during the move; shared LVM on an
    //     lvmlockd VG turns the LV lock shared on both ends) ---------------------------------------

    /** Called before the volume is attached on {@code destination} for a live migration from {@code source}. */
    default void beginMigration(VolumeRef volume, String source, String destination) {
    }

    /** Called after the move ({@code succeeded}) or after it failed, once the side left behind is detached. */
    default void endMigration(VolumeRef volume, String source, String destination, boolean succeeded) {
    }

    /** Releases connections (SSH sessions, HTTP clients). */
    @Override
    default void close() {
    }
}
