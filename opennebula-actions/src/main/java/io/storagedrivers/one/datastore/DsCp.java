package io.storagedrivers.one.datastore;

import io.storagedrivers.one.ActionContext;
import io.storagedrivers.one.Cleanup;
import io.storagedrivers.one.DsActionData;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneImage;
import io.storagedrivers.one.ProgressLog;
import io.storagedrivers.spi.ImageSource;
import io.storagedrivers.spi.Sizes;
import io.storagedrivers.spi.VolumeBackend;
import io.storagedrivers.spi.VolumeRef;

/**
 * {@code cp <image_id>}: imports IMAGE/PATH (local file or http/https URL) into a new image volume.
 * Checks MD5/SHA1 from the image template; qcow2 is written as raw (the backend converts with
 * qemu-img). Prints {@code SOURCE raw}. A failure removes the volume.
 */
public final class DsCp extends DsAction {

    @Override
    public String name() {
        return "cp";
    }

    @Override
    void run(DsActionData.Request request, ActionContext ctx) {
        OneImage image = image(request);
        OneDatastore ds = request.data().datastore();
        ImageLocation location = ImageLocation.of(image.path(), ds);
        ProgressLog progress = new ProgressLog(ctx.reply(), "image " + image.id());
        try (StagedImage staged = StagedImage.stage(location, ds, image.id(), progress)) {
            ImageFiles.verifyChecksums(staged.file(), image);
            ImageSource source = ImageFiles.inspect(staged.file());
            VolumeBackend backend = ctx.backend(ds);
            VolumeRef ref = ctx.volume(ds, ctx.profile().imageVolumeName(image.id()));
            long size = Math.max(Sizes.MIB, Sizes.mibToBytes(Sizes.bytesToMibCeil(source.virtualSizeBytes())));
            ctx.reply().info("importing " + location + " (" + source.format() + ", " + size / Sizes.MIB + " MiB) into " + ref);
            try {
                backend.create(ref, size);
                backend.importImage(ref, source, progress);
            } catch (RuntimeException e) {
                Cleanup.deleteVolume(ctx, backend, ref, e);
                throw e;
            }
            ctx.reply().result(ctx.profile().source(ref) + " raw");
        }
    }
}
