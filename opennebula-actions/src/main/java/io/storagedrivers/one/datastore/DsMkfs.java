package io.storagedrivers.one.datastore;

import java.util.regex.Pattern;

import io.storagedrivers.exec.Command;
import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.Cleanup;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code mkfs <image_id>}: an empty datablock of IMAGE/SIZE MB. FORMAT {@code save_as} only
 * allocates (a cpds fills it). With IMAGE/FS the file system is made on a BRIDGE_LIST host or the
 * frontend. Prints SOURCE.
 */
public final class DsMkfs extends DsAction {
    private static final Pattern FS = Pattern.compile("[a-z0-9]{1,16}");
    /** raw, qcow2, save_as...: a word, never a path or an option. */
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9_]{1,16}");

    @Override
    public String name() {
        return "mkfs";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneImage image = image(request);
        OneDatastore ds = request.data().datastore();
        if (image.sizeMb() <= 0) {
            throw new OneException("image " + image.id() + " has no SIZE");
        }
        String fs = image.fs().strip();
        if (!fs.isEmpty() && !FS.matcher(fs).matches()) {
            throw new OneException("invalid file system type '" + fs + "'");
        }
        if (!image.format().isEmpty() && !FORMAT.matcher(image.format()).matches()) {
            throw new OneException("invalid image FORMAT " + io.storagedrivers.validate.Printable.value(image.format()));
        }
        VolumeBackend backend = ctx.backend(ds);
        VolumeRef ref = ctx.volume(ds, ctx.profile().imageVolumeName(image.id()));
        try {
            backend.create(ref, Sizes.mibToBytes(image.sizeMb()));
            if (!fs.isEmpty() && !"save_as".equals(image.format())) {
                makeFileSystem(ctx, ds, backend, ref, fs);
            }
        } catch (RuntimeException e) {
            Cleanup.deleteVolume(ctx, backend, ref, e);
            throw e;
        }
        ctx.reply().result(ctx.profile().source(ref));
    }

    private static void makeFileSystem(ActionContext ctx, OneDatastore ds, VolumeBackend backend, VolumeRef ref,
                                       String fs) {
        String host = BridgeHosts.pick(ds);
        String device = backend.attach(ref, host);
        try {
            ctx.reply().info("making " + fs + " on " + ref + " on " + host);
            Command mk = "swap".equals(fs) ? Command.of("mkswap", device) : Command.of("mkfs", "-t", fs, device);
            ctx.runners().host(host).run(mk);
        } finally {
            backend.detach(ref, host);
        }
    }
}
