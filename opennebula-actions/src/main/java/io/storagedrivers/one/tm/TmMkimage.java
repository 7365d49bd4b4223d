package io.storagedrivers.one.tm;

import java.util.List;
import java.util.regex.Pattern;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.Cleanup;
import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneArgs;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneVm;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code mkimage size_mb format host:sysdir/disk.N vmid sys_ds_id}: a volatile disk: a new volume in
 * the system datastore's pool, attached and linked; {@code swap} format gets mkswap, a DISK FS gets
 * mkfs (both on the host). A failure removes the volume.
 */
public class TmMkimage extends TmAction {
    private static final Pattern FS = Pattern.compile("[a-z0-9]{1,16}");
    /** OpenNebula's disk FORMAT (raw, qcow2, swap...): a word, never a path or an option. */
    static final Pattern FORMAT = Pattern.compile("[a-z0-9_]{1,16}");

    public TmMkimage() {
        super(5, 5, "size_mb format host:sysdir/disk.N vmid sys_ds_id");
    }

    TmMkimage(int args, String usage) {
        super(args, args, usage);
    }

    @Override
    public String name() {
        return "mkimage";
    }

    @Override
    void execute(List<String> args, ActionContext ctx) {
        make(ctx, OneArgs.sizeMb(args.get(0)), args.get(1), args.get(2), args.get(3), args.get(4));
    }

    final void make(ActionContext ctx, long sizeMb, String format, String pathArg, String vmArg, String dsArg) {
        if (!FORMAT.matcher(format).matches()) {
            throw new OneException("invalid disk format " + io.storagedrivers.validate.Printable.value(format));
        }
        VmDir dst = VmDir.of(HostPath.parse(pathArg), vmId(vmArg));
        if (dst.systemDsId() != dsId(dsArg)) {
            throw new OneException("path " + dst.location().path() + " is not in system datastore " + dsArg);
        }
        ctx.connectAhead(dst.host());
        OneVm vm = ctx.one().vm(dst.vmId());
        String fs = "swap".equals(format) ? "swap" : vm.requireDisk(dst.requireDiskId()).fs().strip();
        if (!fs.isEmpty() && !FS.matcher(fs).matches()) {
            throw new OneException("invalid file system type '" + fs + "' for DISK " + dst.diskId());
        }
        OneDatastore systemDs = ctx.one().datastore(dst.systemDsId());
        VolumeRef ref = ctx.volume(systemDs, ctx.profile().volatileVolumeName(vm.id(), dst.requireDiskId()));
        VolumeBackend backend = ctx.backend(systemDs);
        backend.create(ref, Sizes.mibToBytes(sizeMb));
        try {
            // activation, link and mkfs/mkswap: one request to the host where the backend can
            String device = DiskLinks.attachAndLink(ctx, backend, ref, dst, dev -> fs.isEmpty() ? List.of()
                    : List.of("swap".equals(fs) ? List.of("mkswap", dev) : List.of("mkfs", "-t", fs, dev)));
            if (!fs.isEmpty()) {
                ctx.reply().info("made " + fs + " on " + device + " on " + dst.host());
            }
        } catch (RuntimeException e) {
            DiskLinks.undo(ctx, backend, ref, dst, true, e);
            Cleanup.deleteVolume(ctx, backend, ref, e);
            throw e;
        }
    }
}
